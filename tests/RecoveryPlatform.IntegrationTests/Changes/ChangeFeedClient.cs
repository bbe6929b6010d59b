namespace RecoveryPlatform.IntegrationTests.Changes;

/// <summary>One entry of the change feed as a consumer reads it.</summary>
public sealed record FeedEntry(string Cursor, string Entity, string Id, string? Organisation, string Action, DateTimeOffset OccurredAt)
{
    public static FeedEntry From(JsonNode item) => new(
        item["cursor"]!.GetValue<string>(),
        item["entity"]!.GetValue<string>(),
        item["id"]!.GetValue<string>(),
        item["organisation"]?.GetValue<string>(),
        item["action"]!.GetValue<string>(),
        DateTimeOffset.Parse(item["occurredAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>What happened to which record, without the cursor and time.</summary>
    public (string Entity, string Id, string Action) What => (Entity, Id, Action);
}

/// <summary>Reads <c>GET /api/v1/changes</c> the way a syncing app would: page after page until hasMore is false.</summary>
public static class ChangeFeedClient
{
    public const string Changes = "/api/v1/changes";

    public static async Task<(List<FeedEntry> Items, string Next, bool HasMore)> PageAsync(HttpClient client, string? after, int? limit = null)
    {
        var query = new List<string>();
        if (after is not null)
        {
            query.Add($"after={Uri.EscapeDataString(after)}");
        }

        if (limit is not null)
        {
            query.Add($"limit={limit}");
        }

        var url = query.Count == 0 ? Changes : $"{Changes}?{string.Join('&', query)}";
        var page = await (await client.GetAsync(url, TestContext.Current.CancellationToken)).ShouldBeJsonAsync();
        return (page["items"]!.AsArray().Select(i => FeedEntry.From(i!)).ToList(), page["next"]!.GetValue<string>(), page["hasMore"]!.GetValue<bool>());
    }

    /// <summary>Every entry after <paramref name="after"/> until the end, and the cursor to poll with.</summary>
    public static async Task<(List<FeedEntry> Items, string Next)> DrainAsync(HttpClient client, string? after, int? limit = null)
    {
        var items = new List<FeedEntry>();
        while (true)
        {
            var (page, next, hasMore) = await PageAsync(client, after, limit);
            items.AddRange(page);
            after = next;
            if (!hasMore)
            {
                return (items, next);
            }
        }
    }

    /// <summary>The cursor at the current end of the feed: where a test's own changes will start.</summary>
    public static async Task<string> EndAsync(HttpClient client) => (await DrainAsync(client, null, 1000)).Next;
}
