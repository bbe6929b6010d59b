using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;

/// <summary>A treatment service with a referrer key, and a fellowship accepting its referrals nationwide.</summary>
internal sealed record ReferralParties(string Fellowship, string Service, string ReferrerKey)
{
    /// <summary>
    /// Creates both organisations (new slugs each run), a referrer key for the service and an org-admin key for the
    /// fellowship, which opens it to referrals: the calls of docs/referrals.md and the tests' ReferralArrangement.
    /// </summary>
    public static async Task<ReferralParties> ArrangeAsync(HttpClient http, string adminKey)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var fellowship = $"load-f-{suffix}";
        var service = $"load-s-{suffix}";
        await SendAsync(http, HttpMethod.Post, "/api/v1/organisations", adminKey, new { slug = fellowship, name = $"Load fellowship {suffix}", kind = "fellowship" });
        await SendAsync(http, HttpMethod.Post, "/api/v1/organisations", adminKey, new { slug = service, name = $"Load treatment service {suffix}", kind = "treatment-service" });
        var fellowshipAdmin = await KeyAsync(http, adminKey, fellowship, "org-admin");
        var referrer = await KeyAsync(http, adminKey, service, "referrer");
        await SendAsync(http, HttpMethod.Put, $"/api/v1/organisations/{fellowship}/referral-settings", fellowshipAdmin,
            new { acceptsReferrals = true, nationwide = true, districts = Array.Empty<string>(), coordinatorContact = "coordinators@example.org" });
        return new ReferralParties(fellowship, service, referrer);
    }

    private static async Task<string> KeyAsync(HttpClient http, string adminKey, string slug, string role)
    {
        using var body = await SendAsync(http, HttpMethod.Post, $"/api/v1/organisations/{slug}/api-keys", adminKey, new { name = $"Load {role}", role });
        return body.RootElement.GetProperty("key").GetString() ?? throw new InvalidOperationException($"No key in the answer for {role} of {slug}.");
    }

    private static async Task<JsonDocument> SendAsync(HttpClient http, HttpMethod method, string path, string key, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text.Length > 0 ? text : "{}");
    }
}

/// <summary>One worker's own state: its random stream, its meetings to edit, its place in the change feed, its buffer.</summary>
internal sealed class Worker(int index, LoadOptions options, RunRecorder run, HttpClient http, string[] editMeetings)
{
    public int Index { get; } = index;

    public Random Random { get; } = new(options.Seed + index);

    public WorkerStats Stats { get; } = new();

    public RunRecorder Run { get; } = run;

    public HttpClient Http { get; } = http;

    public TimeSpan Timeout { get; } = options.Timeout;

    public string[] EditMeetings { get; } = editMeetings;

    public int NextEdit { get; set; }

    public int Edits { get; set; }

    public string? ChangesCursor { get; set; }

    public byte[] Buffer { get; } = new byte[64 * 1024];
}

/// <summary>What one request came back with.</summary>
internal readonly record struct Answer(int Status, string? ETag, string? Body)
{
    public bool Ok => Status is (>= 200 and < 300) or 304;
}

/// <summary>The traffic: draws each request's kind by weight and sends it, recording its latency under its <see cref="Op"/>.</summary>
internal sealed class Mix
{
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly string[] Words = ["church", "hall", "hope", "step", "serenity", "library", "speaker", "centre"];

    private readonly Targets _targets;
    private readonly string _adminKey;
    private readonly ReferralParties _parties;
    private readonly LoadOptions _options;
    private readonly District[] _districts;
    private readonly string[] _pool;

    // The ETag each feed last answered with: feed readers (mirrors, TSML UI) revalidate instead of downloading again.
    private readonly ConcurrentDictionary<string, string> _feedTags = new(StringComparer.Ordinal);

    public Mix(Targets targets, string adminKey, ReferralParties parties, LoadOptions options)
    {
        _targets = targets;
        _adminKey = adminKey;
        _parties = parties;
        _options = options;
        _districts = LoadDistricts();
        _pool = SearchPool(new Random(options.Seed), options.SearchPool);
    }

    /// <summary>Worker <paramref name="worker"/>'s own meetings to edit: every <paramref name="workers"/>th, so no two workers edit one.</summary>
    public string[] EditMeetingsOf(int worker, int workers) => [.. _targets.EditMeetings.Where((_, i) => i % workers == worker)];

    public async Task SendOneAsync(Worker worker)
    {
        switch (_options.Weights.Pick(worker.Random))
        {
            case Kind.Search:
                if (worker.Random.NextDouble() < _options.NewSearches)
                {
                    await GetAsync(worker, Op.SearchNew, NewSearch(worker.Random));
                }
                else
                {
                    await GetAsync(worker, Op.SearchRepeated, _pool[worker.Random.Next(_pool.Length)]);
                }

                break;
            case Kind.Read:
                await ReadAsync(worker, _options.ReadWeights.Pick(worker.Random));
                break;
            default:
                if (_options.WriteWeights.Pick(worker.Random) == "edit")
                {
                    await EditAsync(worker);
                }
                else
                {
                    await ReferAsync(worker);
                }

                break;
        }
    }

    private async Task ReadAsync(Worker worker, string read)
    {
        var random = worker.Random;
        switch (read)
        {
            case "meeting":
                await GetAsync(worker, Op.Meeting, $"/api/v1/meetings/{Any(random, _targets.Meetings)}");
                break;
            case "venue":
                await GetAsync(worker, Op.Venue, $"/api/v1/venues/{Any(random, _targets.Venues)}");
                break;
            case "group":
                await GetAsync(worker, Op.Group, $"/api/v1/groups/{Any(random, _targets.Groups)}");
                break;
            case "meeting-ics":
                await GetAsync(worker, Op.MeetingCalendar, $"/api/v1/meetings/{Any(random, _targets.Meetings)}/calendar.ics");
                break;
            case "group-ics":
                await GetAsync(worker, Op.GroupCalendar, $"/api/v1/groups/{Any(random, _targets.Groups)}/calendar.ics");
                break;
            case "changes":
                await ChangesAsync(worker);
                break;
            case "org-feed":
                await FeedAsync(worker, Op.OrganisationFeed, $"/api/v1/organisations/{Any(random, _targets.Organisations)}/feeds/meeting-guide.json");
                break;
            case "org-csv":
                await FeedAsync(worker, Op.OrganisationCsv, $"/api/v1/organisations/{Any(random, _targets.Organisations)}/feeds/meetings.csv");
                break;
            default:
                await FeedAsync(worker, Op.DirectoryFeed, "/api/v1/feeds/meeting-guide.json");
                break;
        }
    }

    /// <summary>A client keeping a copy: reads the change feed page by page from the start, then polls from where it got to.</summary>
    private static async Task ChangesAsync(Worker worker)
    {
        var path = worker.ChangesCursor is { } cursor ? $"/api/v1/changes?limit=100&after={Uri.EscapeDataString(cursor)}" : "/api/v1/changes?limit=100";
        var answer = await SendAsync(worker, Op.Changes, new HttpRequestMessage(HttpMethod.Get, path), keepBody: true);
        if (answer is { Status: 200, Body: { } body })
        {
            using var page = JsonDocument.Parse(body);
            if (page.RootElement.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String)
            {
                worker.ChangesCursor = next.GetString();
            }
        }
    }

    private async Task FeedAsync(Worker worker, Op op, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (_feedTags.TryGetValue(path, out var tag))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", tag);
        }

        var answer = await SendAsync(worker, op, request, keepBody: false);
        if (answer is { Status: 200, ETag: { } etag })
        {
            _feedTags[path] = etag;
        }
    }

    /// <summary>An editor's change: GET the meeting for its ETag, then PATCH its description with If-Match (as a platform admin).</summary>
    private async Task EditAsync(Worker worker)
    {
        if (worker.EditMeetings.Length == 0)
        {
            return;
        }

        var id = worker.EditMeetings[worker.NextEdit];
        worker.NextEdit = (worker.NextEdit + 1) % worker.EditMeetings.Length;
        var path = $"/api/v1/meetings/{id}";
        var get = new HttpRequestMessage(HttpMethod.Get, path);
        get.Headers.Add("X-Api-Key", _adminKey);
        var read = await SendAsync(worker, Op.EditGet, get, keepBody: false);
        if (read is not { Status: 200, ETag: { } etag })
        {
            return;
        }

        worker.Edits++;
        var patch = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { description = string.Create(CultureInfo.InvariantCulture, $"Edited by the load harness (worker {worker.Index}, edit {worker.Edits}, {DateTimeOffset.UtcNow:O}).") }),
                Encoding.UTF8,
                "application/merge-patch+json"),
        };
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        patch.Headers.Add("X-Api-Key", _adminKey);
        patch.Headers.TryAddWithoutValidation("If-Match", etag);
        await SendAsync(worker, Op.EditPatch, patch, keepBody: false);
    }

    /// <summary>A referral as docs/referrals.md submits one, with consent, its own Idempotency-Key.</summary>
    private async Task ReferAsync(Worker worker)
    {
        var body = JsonSerializer.Serialize(new
        {
            organisation = _parties.Fellowship,
            area = "LS6 1AA",
            person = new
            {
                firstName = "Sam",
                lastName = "Load",
                phone = "07700 900123",
                email = "sam.load@example.com",
                preferredContactMethod = "text",
                preferredContactTimes = "Weekday evenings",
                language = "en",
            },
            reason = "alcohol",
            notes = "Would like someone to go with them the first time.",
            consent = new { given = true, statementVersion = "2026-01", capturedBy = "Alex Morgan", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
            referrer = new { name = "Alex Morgan", role = "Recovery worker", workEmail = "recovery.team@example.org" },
            priority = "routine",
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/referrals") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", _parties.ReferrerKey);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await SendAsync(worker, Op.Referral, request, keepBody: false);
    }

    private static Task<Answer> GetAsync(Worker worker, Op op, string path) => SendAsync(worker, op, new HttpRequestMessage(HttpMethod.Get, path), keepBody: false);

    /// <summary>
    /// Sends, reads the whole body (inflated, as a client would), and records the time from sending to the last byte.
    /// A refusal's body start is kept as an example; a successful body only when asked for.
    /// </summary>
    private static async Task<Answer> SendAsync(Worker worker, Op op, HttpRequestMessage request, bool keepBody)
    {
        using var _ = request;
        using var timeout = new CancellationTokenSource(worker.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await worker.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var etag = response.Headers.TryGetValues("ETag", out var tags) ? tags.FirstOrDefault() : null;
            string? body = null;
            var ok = status is (>= 200 and < 300) or 304;
            if (keepBody || !ok)
            {
                body = await response.Content.ReadAsStringAsync(timeout.Token);
            }
            else
            {
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                while (await stream.ReadAsync(worker.Buffer, timeout.Token) > 0)
                {
                }
            }

            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            worker.Stats.Record(op, milliseconds, status);
            worker.Run.Completed(ok);
            if (!ok)
            {
                worker.Run.Error(op, $"{request.Method} {request.RequestUri} -> {status} after {milliseconds:0} ms: {Start(body)}");
            }

            return new Answer(status, etag, body);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            worker.Stats.Record(op, milliseconds, 0);
            worker.Run.Completed(false);
            var what = e is OperationCanceledException && timeout.IsCancellationRequested
                ? $"no answer within {worker.Timeout.TotalSeconds:0} s"
                : $"{e.GetType().Name}: {e.Message}{(e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "")}";
            worker.Run.Error(op, $"{request.Method} {request.RequestUri} -> {what} after {milliseconds:0} ms");
            return new Answer(0, null, null);
        }
    }

    private static string Start(string? body) =>
        body is null ? "" : body.Length <= 240 ? body.ReplaceLineEndings(" ") : body[..240].ReplaceLineEndings(" ") + "…";

    private static string Any(Random random, string[] items) => items[random.Next(items.Length)];

    /// <summary>
    /// A fixed set of searches, like build/bench-mix.lua's mix: near a postcode district (by outcode, or by its point, 3 to
    /// 15 km), on a weekday or none, starting within a window from now, after a local time, by words, with online meetings.
    /// Drawn at random by every worker, so users repeat each other's searches within a minute.
    /// </summary>
    private string[] SearchPool(Random random, int size)
    {
        var pool = new string[size];
        for (var i = 0; i < size; i++)
        {
            var d = _districts[random.Next(_districts.Length)];
            var day = Days[random.Next(Days.Length)];
            var word = Words[random.Next(Words.Length)];
            pool[i] = (i % 7) switch
            {
                0 => $"/api/v1/meetings?near={d.Outcode}&day={day}",
                1 => Invariant($"/api/v1/meetings?lat={d.Latitude:0.00}&lng={d.Longitude:0.00}&radiusKm={3 + (3 * random.Next(0, 5))}&day={day}"),
                2 => $"/api/v1/meetings?near={d.Outcode}&startingWithin=PT{random.Next(1, 5)}H",
                3 => Invariant($"/api/v1/meetings?lat={d.Latitude:0.00}&lng={d.Longitude:0.00}&radiusKm=10&startsAfter={random.Next(17, 21):00}:00"),
                4 => $"/api/v1/meetings?near={d.Outcode}&radiusKm=15&includeOnline=true",
                5 => $"/api/v1/meetings?q={word}&day={day}",
                _ => $"/api/v1/meetings?near={d.Outcode}&q={word}&startingWithin=PT2H&includeOnline=true",
            };
        }

        return pool;
    }

    /// <summary>A search nobody asked before: a district's point moved by up to a few hundred metres (six decimals), in one of three shapes.</summary>
    private string NewSearch(Random random)
    {
        var d = _districts[random.Next(_districts.Length)];
        var lat = d.Latitude + ((random.NextDouble() - 0.5) * 0.01);
        var lng = d.Longitude + ((random.NextDouble() - 0.5) * 0.01);
        return random.Next(3) switch
        {
            0 => Invariant($"/api/v1/meetings?lat={lat:0.000000}&lng={lng:0.000000}&radiusKm={5 * random.Next(1, 3)}&day={Days[random.Next(Days.Length)]}"),
            1 => Invariant($"/api/v1/meetings?lat={lat:0.000000}&lng={lng:0.000000}&radiusKm=10&startingWithin=PT2H&includeOnline=true"),
            _ => Invariant($"/api/v1/meetings?lat={lat:0.000000}&lng={lng:0.000000}&radiusKm=8&q={Words[random.Next(Words.Length)]}&day={Days[random.Next(Days.Length)]}"),
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The postcode districts of Great Britain (as the synthetic directory places venues by them), from the API's own file.</summary>
    private static District[] LoadDistricts()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("uk_postcode_districts.csv")
            ?? throw new InvalidOperationException("The postcode districts resource is missing.");
        using var reader = new StreamReader(stream);
        var districts = new List<District>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length >= 3
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
                && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
                && latitude is >= 49.8 and <= 61 && longitude is >= -8.7 and <= 2)
            {
                districts.Add(new District(parts[0], latitude, longitude));
            }
        }

        return [.. districts];
    }

    private sealed record District(string Outcode, double Latitude, double Longitude);
}
