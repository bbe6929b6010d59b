using System.Diagnostics;
using Microsoft.Data.Sqlite;
using RecoveryPlatform.IntegrationTests.Changes;
using RecoveryPlatform.IntegrationTests.Meetings;

namespace RecoveryPlatform.IntegrationTests.Imports;

/// <summary>
/// Issue 16's crash test, on the real API binary and its SQLite file: an import killed with SIGKILL in the middle
/// leaves nothing of itself behind, and the job is run again from the start once its claim runs out; one killed after it
/// committed but before it succeeded is only ended, and one killed just after it succeeded is left as it is. Timing is read, never assumed: the kill is chosen by watching the
/// job and the database, and a kill that lands too late fails the test naming the constant to grow.
/// </summary>
public sealed partial class ImportCrashTests : IAsyncDisposable
{
    /// <summary>
    /// Meetings in the file killed mid-import. The kill waits for the import's own uncommitted rows to reach the
    /// database's write-ahead log, so this need only keep an import running for a second or two at the fastest the
    /// importer may become; at about 1,000 meetings a second today it runs about ten. Grow it if the test says the
    /// import committed before the kill landed.
    /// </summary>
    private const int MeetingsInLargeFeed = 10_000;

    /// <summary>Meetings in the file killed just after it succeeded: any size shows whether it is applied twice.</summary>
    private const int MeetingsInSmallFeed = 600;

    /// <summary>
    /// Meetings in the file killed between its commit and its success, while this instance's search index takes its
    /// changes in: enough that this takes a good fraction of a second, few enough to commit well inside the claim.
    /// </summary>
    private const int MeetingsInCommittedFeed = 2_000;

    /// <summary>How many imports <see cref="KillOnceCommittedAsync"/> may try before its kill lands between commit and success.</summary>
    private const int KillAfterCommitAttempts = 3;

    /// <summary>The claim of an instance that must commit the import before it is killed: the import must commit inside nine tenths of it.</summary>
    private static readonly TimeSpan CommittingInstanceClaim = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The killed instance's claim on the job. The claimant writes its own claim's end, so this (not the restarted
    /// instance's setting) decides when the job may be run again; the killed runner would cancel its own run at nine
    /// tenths of it, so the kill must land before then: <see cref="KillAtTheLatest"/> keeps it well inside.
    /// </summary>
    private static readonly TimeSpan KilledInstanceClaim = TimeSpan.FromSeconds(15);

    /// <summary>When the import's rows have not reached the log by then (a very slow machine, or a larger page cache), the kill lands anyway, somewhere in the run.</summary>
    private static readonly TimeSpan KillAtTheLatest = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Growth of the write-ahead log that only the import's own writes make: 64 pages. Other writers wait for the import's
    /// lock, and one that slips in before it takes it writes a few pages.
    /// </summary>
    private const long ImportPagesInTheLog = 256 * 1024;

    private readonly TemporaryDataFolder _data = new("recoveryplatform-import-crash");
    private readonly List<ApiProcess> _processes = [];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task A_kill_during_a_large_import_leaves_nothing_of_it_and_the_job_runs_again_to_success()
    {
        var feed = SyntheticFeed.Create(MeetingsInLargeFeed);
        var elapsed = Stopwatch.StartNew();
        var first = await StartAsync(("Imports__ClaimFor", Format(KilledInstanceClaim)), ("Imports__PollEvery", "00:00:00.250"));
        const string slug = "crash-mid-import";
        string location;
        using (var admin = first.Client())
        {
            await CreateFellowshipAsync(admin, slug);
            location = await SubmitAsync(admin, slug, feed.Json);

            var (logGrowth, runningFor) = await KillOnceTheImportWritesAsync(first, admin, location);
            Report($"{elapsed.Elapsed.TotalSeconds:0.0} s: killed {runningFor.TotalSeconds:0.0} s into the run, with {logGrowth / 1024} KiB more in the write-ahead log than when it started.");

            var job = await JobRowAsync(location);
            (job.Status, job.Applied).ShouldBe(
                ("Running", false),
                $"the import must still be running, uncommitted, when the kill lands; it was {job.Status}{(job.Applied ? ", committed" : string.Empty)}. " +
                $"The importer got faster: grow {nameof(MeetingsInLargeFeed)} ({MeetingsInLargeFeed}).");
            job.Attempts.ShouldBe(1);
            (await IntegrityCheckAsync()).ShouldBe("ok", "the database file survives a kill -9 mid-transaction");
            await NothingOfTheImportIsThereAsync(slug);

            // Restarted, without running imports: nothing of it is visible, and the job still holds the organisation.
            var restarted = await StartAsync(("Imports__RunJobs", "false"));
            using (var client = restarted.Client())
            {
                var left = await JobAsync(client, location);
                (left.Str("status"), left["attempts"]!.GetValue<int>()).ShouldBe(("running", 1), "nobody has run it again yet");
                left["report"].ShouldBeNull();
                await NothingVisibleAsync(client, slug);
                var second = await client.PostAsync($"/api/v1/organisations/{slug}/imports", Body(feed.Json), Cancellation);
                (await second.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Str("import").ShouldBe(location, "the killed import is still the organisation's one import");
            }

            await restarted.StopAsync();
            Report($"{elapsed.Elapsed.TotalSeconds:0.0} s: nothing of it was visible after a restart.");
        }

        // An instance that runs imports takes the job up once the killed instance's claim has run out, and runs it whole.
        // Watched in the database while it runs, as it was before a key's first request to an instance stopped waiting
        // for the import's write lock (A_keys_first_request_is_not_held_up_by_an_import_holding_the_write_lock).
        var rerunning = await StartAsync(("Imports__PollEvery", "00:00:00.250"));
        (await OnlyJobAsync(slug)).ShouldBe(location, "the organisation's one job, run again: not a new one");
        (await EndedInTheDatabaseAsync(location, TimeSpan.FromMinutes(3))).ShouldBe("Succeeded");
        Report($"{elapsed.Elapsed.TotalSeconds:0.0} s: run again to its end.");
        using var rerun = rerunning.Client();
        var ended = await JobAsync(rerun, location);
        ended.Str("status").ShouldBe("succeeded", ended.ToJsonString());
        ended["attempts"]!.GetValue<int>().ShouldBe(2, "a second start: the first instance stopped without ending it");
        Count(ended, "meetings").ShouldBe(feed.Meetings);
        Count(ended, "create").ShouldBe(feed.Meetings);
        Count(ended, "reject").ShouldBe(0);
        ended["report"]!["venues"]!["create"]!.GetValue<int>().ShouldBe(feed.Venues);
        ended["report"]!["groups"]!["create"]!.GetValue<int>().ShouldBe(feed.Groups);
        await EveryMeetingIsThereOnceAsync(rerun, slug, feed);
        (await IntegrityCheckAsync()).ShouldBe("ok");

        // The same file again: everything is there already.
        var again = await EndedAsync(rerun, await SubmitAsync(rerun, slug, feed.Json), TimeSpan.FromMinutes(3));
        again.Str("status").ShouldBe("succeeded", again.ToJsonString());
        again["attempts"]!.GetValue<int>().ShouldBe(1);
        Count(again, "unchanged").ShouldBe(feed.Meetings);
        Count(again, "create").ShouldBe(0);
        Count(again, "update").ShouldBe(0);
        again["report"]!["venues"]!["create"]!.GetValue<int>().ShouldBe(0);
        again["report"]!["groups"]!["create"]!.GetValue<int>().ShouldBe(0);
        (await TotalAsync(rerun, $"/api/v1/meetings?organisation={slug}")).ShouldBe(feed.Meetings);
        Report($"{elapsed.Elapsed.TotalSeconds:0.0} s: imported again, all unchanged.");

        // No NoFailuresLogged() here: on a loaded machine this import can hold SQLite's one write lock for longer
        // than its 30-second busy timeout, and a background writer that waited that long logs its failure and tries
        // again (the design's "other writers wait"): that is not what this test is about.
    }

    [Fact]
    public async Task A_kill_just_after_an_import_succeeded_leaves_it_succeeded_and_applied_once()
    {
        var feed = SyntheticFeed.Create(MeetingsInSmallFeed);
        var first = await StartAsync(("Imports__PollEvery", "00:00:00.250"));
        const string slug = "crash-after-import";
        string location;
        JsonNode report;
        using (var admin = first.Client())
        {
            await CreateFellowshipAsync(admin, slug);
            location = await SubmitAsync(admin, slug, feed.Json);
            var succeeded = await EndedAsync(admin, location, TimeSpan.FromMinutes(2), pollEvery: TimeSpan.FromMilliseconds(20));
            await first.KillAsync();
            succeeded.Str("status").ShouldBe("succeeded", succeeded.ToJsonString());
            report = succeeded["report"]!.DeepClone();
        }

        (await IntegrityCheckAsync()).ShouldBe("ok");
        var job = await JobRowAsync(location);
        (job.Status, job.Applied, job.Attempts).ShouldBe(("Succeeded", true, 1));

        var restarted = await StartAsync(("Imports__PollEvery", "00:00:00.250"));
        using var client = restarted.Client();
        var after = await JobAsync(client, location);
        (after.Str("status"), after["attempts"]!.GetValue<int>()).ShouldBe(("succeeded", 1), "an ended job is not run again");
        JsonNode.DeepEquals(after["report"], report).ShouldBeTrue("the report is the one the job ended with");
        await EveryMeetingIsThereOnceAsync(client, slug, feed);

        // The restarted runner is at work (it runs this one), and had its chance at the first: all is unchanged, once.
        var again = await EndedAsync(client, await SubmitAsync(client, slug, feed.Json), TimeSpan.FromMinutes(2));
        again.Str("status").ShouldBe("succeeded", again.ToJsonString());
        Count(again, "unchanged").ShouldBe(feed.Meetings);
        Count(again, "create").ShouldBe(0);
        (await JobAsync(client, location))["attempts"]!.GetValue<int>().ShouldBe(1);
        await EveryMeetingIsThereOnceAsync(client, slug, feed);
        NoFailuresLogged();
    }

    [Fact]
    public async Task A_kill_after_the_import_committed_but_before_it_succeeded_ends_it_as_succeeded_without_applying_it_again()
    {
        var feed = SyntheticFeed.Create(MeetingsInCommittedFeed);
        var (slug, location) = await KillOnceCommittedAsync("crash-after-commit", feed);

        var restarted = await StartAsync(("Imports__PollEvery", "00:00:00.250"));
        (await EndedInTheDatabaseAsync(location, TimeSpan.FromMinutes(2))).ShouldBe("Succeeded");
        using var client = restarted.Client();
        var ended = await JobAsync(client, location);
        ended["attempts"]!.GetValue<int>().ShouldBe(2, "the next claim only ended it");
        Count(ended, "create").ShouldBe(feed.Meetings, "the report is the committed run's");
        await EveryMeetingIsThereOnceAsync(client, slug, feed);

        // It no longer holds the organisation: the same file again is accepted, and all unchanged.
        var again = await EndedAsync(client, await SubmitAsync(client, slug, feed.Json), TimeSpan.FromMinutes(2));
        again.Str("status").ShouldBe("succeeded", again.ToJsonString());
        Count(again, "unchanged").ShouldBe(feed.Meetings);
        NoFailuresLogged();
    }

    /// <summary>
    /// Imports the feed into a new fellowship on an instance that is killed as soon as the import has committed (its
    /// report and <c>AppliedAt</c> are in the database) but before it succeeded; returns the fellowship and the job's
    /// address. The window is the time the instance's search index takes to take the import in, a fraction of a
    /// second, and on a busy machine the kill can land after it: then the job has simply succeeded, and the import is
    /// tried again into another fellowship, up to <see cref="KillAfterCommitAttempts"/> times.
    /// </summary>
    private async Task<(string Slug, string Location)> KillOnceCommittedAsync(string slugPrefix, SyntheticFeed feed)
    {
        for (var attempt = 1; ; attempt++)
        {
            var slug = $"{slugPrefix}-{attempt}";
            var api = await StartAsync(("Imports__ClaimFor", Format(CommittingInstanceClaim)), ("Imports__PollEvery", "00:00:00.250"));
            using var admin = api.Client();
            await CreateFellowshipAsync(admin, slug);
            var location = await SubmitAsync(admin, slug, feed.Json);
            var waited = Stopwatch.StartNew();
            while (true)
            {
                var (status, applied, _) = await JobRowAsync(location);
                status.ShouldBeOneOf(
                    ["Queued", "Running", "Succeeded"],
                    $"the import {status.ToLowerInvariant()} before it could be killed between its commit and its success");

                // Committed and not yet succeeded; or succeeded already, when polling missed the window altogether.
                if ((applied && status == "Running") || status == "Succeeded")
                {
                    await api.KillAsync();
                    break;
                }

                waited.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(1), "the import should commit within a minute");
                await Task.Delay(5, Cancellation);
            }

            (await IntegrityCheckAsync()).ShouldBe("ok");
            var job = await JobRowAsync(location);
            if (job == ("Running", true, 1))
            {
                Report($"Attempt {attempt}: killed {waited.Elapsed.TotalSeconds:0.0} s after submitting, with the import committed and not yet succeeded.");
                return (slug, location);
            }

            job.ShouldBe(("Succeeded", true, 1), "a kill after the commit leaves the job committed, and either running or succeeded");
            Report($"Attempt {attempt}: the kill landed after the job had succeeded; trying again.");
            attempt.ShouldBeLessThan(
                KillAfterCommitAttempts,
                $"every kill landed after the job had succeeded: grow {nameof(MeetingsInCommittedFeed)} ({MeetingsInCommittedFeed}), so the index takes longer to take it in");
        }
    }

    private async Task<ApiProcess> StartAsync(params (string Name, string Value)[] overrides)
    {
        var settings = ApiProcess.Settings(_data.Path);
        foreach (var (name, value) in overrides)
        {
            settings[name] = value;
        }

        var process = await ApiProcess.StartAsync(settings);
        _processes.Add(process);
        return process;
    }

    private static string Format(TimeSpan span) => span.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static StringContent Body(string json) => HttpAssertions.Json(json);

    private static async Task CreateFellowshipAsync(HttpClient admin, string slug) =>
        await (await admin.PostAsync("/api/v1/organisations", HttpAssertions.Json(new { slug, name = $"Fellowship {slug}", kind = "fellowship" }), Cancellation))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

    /// <summary>Sends the file (as a platform admin may for any organisation) and returns the job's address.</summary>
    private static async Task<string> SubmitAsync(HttpClient admin, string slug, string json)
    {
        var response = await admin.PostAsync($"/api/v1/organisations/{slug}/imports", Body(json), Cancellation);
        await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        return response.Headers.Location!.OriginalString;
    }

    private static async Task<JsonObject> JobAsync(HttpClient client, string location) =>
        await (await client.GetAsync(location, Cancellation)).ShouldBeJsonAsync(HttpStatusCode.OK);

    private static async Task<JsonObject> EndedAsync(HttpClient client, string location, TimeSpan within, TimeSpan? pollEvery = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var job = await JobAsync(client, location);
            if (job.Str("status") is "succeeded" or "failed")
            {
                return job;
            }

            waited.Elapsed.ShouldBeLessThan(within, $"the import should end within {within.TotalSeconds} s; it is {job.ToJsonString()}");
            await Task.Delay(pollEvery ?? TimeSpan.FromMilliseconds(100), Cancellation);
        }
    }

    /// <summary>The job's status once it has ended, read from the database.</summary>
    private async Task<string> EndedInTheDatabaseAsync(string location, TimeSpan within)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (status, _, attempts) = await JobRowAsync(location);
            if (status is "Succeeded" or "Failed")
            {
                return status;
            }

            waited.Elapsed.ShouldBeLessThan(within, $"the import should end within {within.TotalSeconds} s; it is {status} (attempt {attempts})");
            await Task.Delay(100, Cancellation);
        }
    }

    /// <summary>
    /// Waits for the job to run, then for its transaction's first pages to reach the write-ahead log (uncommitted: the
    /// hardest moment for all or nothing), and kills the process at once; at the latest <see cref="KillAtTheLatest"/>
    /// into the run. Returns how much the log had grown, and how long the job had been running.
    /// </summary>
    private async Task<(long LogGrowth, TimeSpan RunningFor)> KillOnceTheImportWritesAsync(ApiProcess api, HttpClient admin, string location)
    {
        var (logSize, before, running) = await UntilRunningAsync(admin, location);
        while (logSize() - before < ImportPagesInTheLog && running.Elapsed < KillAtTheLatest && !api.HasExited)
        {
            await Task.Delay(10, Cancellation);
        }

        await api.KillAsync();
        return (logSize() - before, running.Elapsed);
    }

    /// <summary>Polls the job until it runs; returns a reader of the write-ahead log's size, its size then, and a clock started then.</summary>
    private async Task<(Func<long> LogSize, long Before, Stopwatch Running)> UntilRunningAsync(HttpClient admin, string location)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var status = (await JobAsync(admin, location)).Str("status");
            if (status == "running")
            {
                break;
            }

            status.ShouldBe("queued", $"the import ended before it could be caught running: grow {nameof(MeetingsInLargeFeed)} ({MeetingsInLargeFeed})");
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "the import should start within a minute");
            await Task.Delay(20, Cancellation);
        }

        var log = new FileInfo(_data.DatabaseFile + "-wal");
        long LogSize()
        {
            log.Refresh();
            return log.Exists ? log.Length : 0;
        }

        return (LogSize, LogSize(), Stopwatch.StartNew());
    }

    private SqliteConnection ReadOnly() => new($"Data Source={_data.DatabaseFile};Mode=ReadOnly;Pooling=false");

    /// <summary>The job as the database holds it (the process may be dead): its status, whether its changes committed, its starts.</summary>
    private async Task<(string Status, bool Applied, int Attempts)> JobRowAsync(string location)
    {
        var id = Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
        await using var connection = ReadOnly();
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status, AppliedAt IS NOT NULL, Attempts FROM imports_ImportJobs WHERE upper(Id) = $id";
        command.Parameters.AddWithValue("$id", id.ToString().ToUpperInvariant());
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        (await reader.ReadAsync(Cancellation)).ShouldBeTrue($"the job {id} is in the database");
        return (reader.GetString(0), reader.GetBoolean(1), reader.GetInt32(2));
    }

    /// <summary>The organisation's one job, for an instance that did not submit it.</summary>
    private async Task<string> OnlyJobAsync(string slug)
    {
        await using var connection = ReadOnly();
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT j.Id FROM imports_ImportJobs j JOIN organisations_Organisations o ON o.Id = j.OrganisationId WHERE o.Slug = $slug";
        command.Parameters.AddWithValue("$slug", slug);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        while (await reader.ReadAsync(Cancellation))
        {
            ids.Add(reader.GetGuid(0));
        }

        return $"/api/v1/imports/{ids.ShouldHaveSingleItem()}";
    }

    private async Task<string> IntegrityCheckAsync()
    {
        await using var connection = ReadOnly();
        await connection.OpenAsync(Cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    /// <summary>The database itself, with the process dead: no venue, group or meeting of the organisation.</summary>
    private async Task NothingOfTheImportIsThereAsync(string slug)
    {
        await using var connection = ReadOnly();
        await connection.OpenAsync(Cancellation);
        foreach (var table in new[] { "venues_Venues", "groups_Groups", "meetings_Meetings" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM {table} t JOIN organisations_Organisations o ON o.Id = t.OrganisationId WHERE o.Slug = $slug";
            command.Parameters.AddWithValue("$slug", slug);
            ((long)(await command.ExecuteScalarAsync(Cancellation))!).ShouldBe(0, $"{table} holds nothing of the killed import");
        }
    }

    /// <summary>What a consumer reads after the crash: lists, search, the feed and the change feed say nothing of the import.</summary>
    private static async Task NothingVisibleAsync(HttpClient client, string slug)
    {
        (await TotalAsync(client, $"/api/v1/meetings?organisation={slug}")).ShouldBe(0, "search");
        (await TotalAsync(client, $"/api/v1/venues?organisation={slug}")).ShouldBe(0, "venues");
        (await TotalAsync(client, $"/api/v1/groups?organisation={slug}")).ShouldBe(0, "groups");
        (await FeedAsync(client, slug)).Count.ShouldBe(0, "the Meeting Guide feed");
        var (changes, _) = await ChangeFeedClient.DrainAsync(client, null, 1000);
        changes.Where(c => c.Organisation == slug && c.Entity != "organisation").ShouldBeEmpty("the change feed lists nothing of the import");
    }

    /// <summary>Every meeting of the file, once, everywhere a consumer looks; its venues and groups likewise.</summary>
    private static async Task EveryMeetingIsThereOnceAsync(HttpClient client, string slug, SyntheticFeed feed)
    {
        (await TotalAsync(client, $"/api/v1/meetings?organisation={slug}")).ShouldBe(feed.Meetings, "search");
        (await TotalAsync(client, $"/api/v1/venues?organisation={slug}")).ShouldBe(feed.Venues, "venues");
        (await TotalAsync(client, $"/api/v1/groups?organisation={slug}")).ShouldBe(feed.Groups, "groups");
        var exported = await FeedAsync(client, slug);
        exported.Count.ShouldBe(feed.Meetings, "the Meeting Guide feed");
        exported.Select(m => m!.Str("name")).Distinct().Count().ShouldBe(feed.Meetings, "each meeting once");

        var (changes, _) = await ChangeFeedClient.DrainAsync(client, null, 1000);
        var created = changes.Where(c => c.Organisation == slug && c.Action == "created").ToList();
        created.Count(c => c.Entity == "meeting").ShouldBe(feed.Meetings, "one creation per meeting in the change feed");
        created.Count(c => c.Entity == "venue").ShouldBe(feed.Venues);
        created.Count(c => c.Entity == "group").ShouldBe(feed.Groups);
        created.Select(c => c.Id).Distinct().Count().ShouldBe(created.Count);
    }

    private static async Task<int> TotalAsync(HttpClient client, string list) =>
        (await (await client.GetAsync($"{list}&pageSize=1", Cancellation)).ShouldBeJsonAsync())["totalItems"]!.GetValue<int>();

    private static async Task<JsonArray> FeedAsync(HttpClient client, string slug)
    {
        var response = await client.GetAsync($"/api/v1/organisations/{slug}/feeds/meeting-guide.json", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!.AsArray();
    }

    private static int Count(JsonObject job, string total) => job["report"]!["totals"]![total]!.GetValue<int>();

    private void NoFailuresLogged() =>
        _processes.SelectMany(p => p.Output).Where(line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal))
            .ShouldBeEmpty("no instance logged a failure");

    /// <summary>
    /// A Meeting Guide feed of <c>meetings</c> meetings, the same every time: a third online, the rest in person at
    /// one venue for every four meetings (a kilometre or so apart, so none is a nearby duplicate of another), and one
    /// group for every three meetings.
    /// </summary>
    private sealed record SyntheticFeed(string Json, int Meetings, int Venues, int Groups)
    {
        public static SyntheticFeed Create(int meetings)
        {
            var venueCount = Math.Max(1, meetings / 4);
            var records = new List<Dictionary<string, object>>(meetings);
            var venuesUsed = new HashSet<int>();
            for (var i = 0; i < meetings; i++)
            {
                var record = new Dictionary<string, object>
                {
                    ["slug"] = $"m{i}",
                    ["name"] = $"Meeting {i}",
                    ["day"] = i % 7,
                    ["time"] = $"{7 + (i % 14):00}:{i % 4 * 15:00}",
                    ["end_time"] = $"{8 + (i % 14):00}:{i % 4 * 15:00}",
                    ["timezone"] = "Europe/London",
                    ["group"] = $"Group {i / 3}",
                };
                if (i % 3 == 0)
                {
                    record["conference_url"] = $"https://zoom.us/j/{100_000_000 + i}";
                    record["attendance_option"] = "online";
                }
                else
                {
                    var venue = i % venueCount;
                    venuesUsed.Add(venue);
                    record["location"] = $"Hall {venue}";
                    record["address"] = $"{venue + 1} High Street";
                    record["city"] = "Leeds";
                    record["postal_code"] = "LS6 3AW";
                    record["country"] = "GB";
                    record["latitude"] = Math.Round(53.0 + (venue / 50 * 0.01), 5);
                    record["longitude"] = Math.Round(-2.0 + (venue % 50 * 0.01), 5);
                }

                records.Add(record);
            }

            return new SyntheticFeed(JsonSerializer.Serialize(records), meetings, venuesUsed.Count, (meetings + 2) / 3);
        }
    }
}
