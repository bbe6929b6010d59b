using RecoveryPlatform.IntegrationTests.Access;
using RecoveryPlatform.IntegrationTests.Meetings;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.IntegrationTests.Changes;

/// <summary>
/// Writers in every module at once while a reader pages through the feed: once the writers stop and the reader
/// has drained the feed, it has seen every change exactly once, each writer's in the order it made them, with
/// cursors that only move forward (ADR 0013).
/// </summary>
public abstract class ChangeFeedConcurrencyTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private const int WritesPerWriter = 12;

    /// <summary>Changes made by all writers so far (each counted once its request was answered, so it has committed).</summary>
    private int _changesMade;

    /// <summary>One writer's changes, in the order its requests were answered (each waits for the one before).</summary>
    private sealed class Writer(Action counted)
    {
        private readonly List<(string Entity, string Id, string Action)> _made = [];

        public IReadOnlyList<(string Entity, string Id, string Action)> Made => _made;

        public void Add((string Entity, string Id, string Action) change)
        {
            _made.Add(change);
            counted();
        }
    }

    [Fact]
    public async Task A_reader_paging_during_writes_in_every_module_sees_each_change_once_and_in_order()
    {
        using var reader = Api.Anonymous();
        var start = await ChangeFeedClient.EndAsync(reader);
        var slug = await Api.CreateOrganisationAsync();
        var group = await Api.CreateGroupAsync(slug, "Hammered Group");
        var afterArrangement = (await ChangeFeedClient.DrainAsync(reader, start)).Next;

        var writers = Enumerable.Range(0, 5).Select(_ => new Writer(() => Interlocked.Increment(ref _changesMade))).ToArray();
        var writing = Task.WhenAll(
            VenuesAsync(slug, writers[0]),
            GroupAsync(group, writers[1]),
            MeetingsAsync(group, writers[2]),
            FormatsAsync(slug, writers[3]),
            OrganisationsAsync(writers[4]));

        // Pages of 3, mostly read as fast as they come (keeping up with the writers, so pages end at the log's moving
        // end), but every third page only once the writers have made 4 more changes, so that the reader is behind and
        // pages stop before the end (hasMore). Until the writers are done and the feed is drained.
        var seen = new List<FeedEntry>();
        var cursor = afterArrangement;
        var (pagesDuringWrites, fullPagesDuringWrites) = (0, 0);
        while (true)
        {
            var done = writing.IsCompleted;
            if (!done && pagesDuringWrites % 3 == 2)
            {
                var target = Volatile.Read(ref _changesMade) + 4;
                while (Volatile.Read(ref _changesMade) < target && !writing.IsCompleted)
                {
                    await Task.Delay(5, Cancellation);
                }
            }

            var (items, next, hasMore) = await ChangeFeedClient.PageAsync(reader, cursor, limit: 3);
            seen.AddRange(items);
            cursor = next;
            if (!done)
            {
                pagesDuringWrites++;
                fullPagesDuringWrites += hasMore ? 1 : 0;
            }
            else if (!hasMore)
            {
                break;
            }
        }

        await writing;
        pagesDuringWrites.ShouldBeGreaterThan(5, "the reader paged while the writers wrote");
        fullPagesDuringWrites.ShouldBeGreaterThan(0, "the reader fell behind at times, so some pages stopped before the end");

        // Exactly once: every change the writers made, no other and none twice, each writer's in its own order.
        var made = writers.SelectMany(w => w.Made).ToList();
        seen.Count.ShouldBe(made.Count, "as many entries as changes made");
        foreach (var writer in writers)
        {
            var ids = writer.Made.Select(m => m.Id).ToHashSet();
            seen.Where(e => ids.Contains(e.Id)).Select(e => e.What).ShouldBe(writer.Made);
        }

        seen.Select(e => e.Cursor).Distinct().Count().ShouldBe(seen.Count, "no cursor twice");

        // Cursors only move forward: each position in every module's log at or past the one before, one of them past it.
        var positions = seen.Select(e => ChangeFeedCursor.TryParse(e.Cursor, out var c) ? c.Positions : throw new ShouldAssertException($"unreadable cursor {e.Cursor}")).ToList();
        for (var i = 1; i < positions.Count; i++)
        {
            positions[i].Zip(positions[i - 1], (now, before) => now >= before).ShouldAllBe(forward => forward, $"entry {i}");
            positions[i].SequenceEqual(positions[i - 1]).ShouldBeFalse($"entry {i}");
        }

        // A reader starting afresh now sees the same changes from the same place, each module's in the same order.
        var (again, end) = await ChangeFeedClient.DrainAsync(reader, afterArrangement, limit: 1000);
        end.ShouldBe(cursor);
        again.Select(e => e.What).OrderBy(w => w).ShouldBe(seen.Select(e => e.What).OrderBy(w => w));
        foreach (var module in new[] { new[] { "organisation" }, ["venue"], ["group"], ["meeting", "format"] })
        {
            again.Where(e => module.Contains(e.Entity)).ShouldBe(seen.Where(e => module.Contains(e.Entity)), $"the {module[0]} log");
        }
    }

    private async Task VenuesAsync(string slug, Writer writer)
    {
        for (var i = 0; i < WritesPerWriter / 2; i++)
        {
            var venue = await Api.CreateVenueAsync(slug, $"Busy Hall {i}");
            writer.Add(("venue", venue, "created"));
            await Api.PatchAsAdminAsync($"/api/v1/venues/{venue}", new { name = $"Busier Hall {i}" });
            writer.Add(("venue", venue, "updated"));
        }
    }

    private async Task GroupAsync(string group, Writer writer)
    {
        for (var i = 0; i < WritesPerWriter; i++)
        {
            await Api.PatchAsAdminAsync($"/api/v1/groups/{group}", new { description = $"Edit {i}" });
            writer.Add(("group", group, "updated"));
        }
    }

    private async Task MeetingsAsync(string group, Writer writer)
    {
        for (var i = 0; i < WritesPerWriter / 3; i++)
        {
            var meeting = await Api.CreateMeetingAsync(MeetingArrangement.MeetingBody(group, $"Busy Meeting {i}"));
            writer.Add(("meeting", meeting, "created"));
            await Api.PatchAsAdminAsync($"{MeetingArrangement.Meetings}/{meeting}", new { name = $"Busier Meeting {i}" });
            writer.Add(("meeting", meeting, "updated"));
            using var admin = Api.PlatformAdmin();
            using var delete = new HttpRequestMessage(HttpMethod.Delete, $"{MeetingArrangement.Meetings}/{meeting}");
            delete.Headers.IfMatch.ParseAdd(await admin.ETagOfAsync($"{MeetingArrangement.Meetings}/{meeting}"));
            (await admin.SendAsync(delete, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            writer.Add(("meeting", meeting, "deleted"));
        }
    }

    private async Task FormatsAsync(string slug, Writer writer)
    {
        using var anonymous = Api.Anonymous();
        for (var i = 0; i < WritesPerWriter; i++)
        {
            await Api.CreateFormatAsync(slug, $"H{i}", $"Hammered {i}");
            var formats = JsonNode.Parse(await anonymous.GetStringAsync($"/api/v1/organisations/{slug}/formats", Cancellation))!.AsArray();
            writer.Add(("format", formats.Single(f => f.Str("code") == $"H{i}").Str("id"), "created"));
        }
    }

    private async Task OrganisationsAsync(Writer writer)
    {
        using var admin = Api.PlatformAdmin();
        for (var i = 0; i < WritesPerWriter / 2; i++)
        {
            var slug = await Api.CreateOrganisationAsync();
            var id = (await (await admin.GetAsync($"/api/v1/organisations/{slug}", Cancellation)).ShouldBeJsonAsync()).Str("id");
            writer.Add(("organisation", id, "created"));
            await Api.PatchAsAdminAsync($"/api/v1/organisations/{slug}", new { description = $"Busy {i}" });
            writer.Add(("organisation", id, "updated"));
        }
    }
}

public sealed class ChangeFeedConcurrencyTestsOnSqlite(SqliteApiFactory api) : ChangeFeedConcurrencyTests<SqliteApiFactory>(api);
