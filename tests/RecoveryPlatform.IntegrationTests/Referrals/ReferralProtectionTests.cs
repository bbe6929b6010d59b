using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.IntegrationTests.Access;

namespace RecoveryPlatform.IntegrationTests.Referrals;

/// <summary>
/// The API on the embedded default, keeping every log entry at every level (EF Core's SQL included), with
/// a referral-submission limit low enough to reach.
/// </summary>
public sealed class ReferralProtectionFactory : DataFolderApiFactory
{
    public const int SubmissionsPerMinute = 30;

    public ReferralProtectionFactory()
    {
        Settings["RecoveryPlatform:Referrals:SubmissionsPerMinute"] = SubmissionsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Logging:LogLevel:Default"] = "Trace";
        Settings["Logging:LogLevel:Microsoft"] = "Trace";
        Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
        Settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace";
    }

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }
}

/// <summary>The API on a data folder it is given, with the referral keys it is given: one instance before a key rotation, another after.</summary>
public sealed class ReferralKeysFactory : ApiFactory
{
    public ReferralKeysFactory(string dataDirectory, string activeKeyId, params int[] keySeeds)
    {
        Settings["RecoveryPlatform:DataDirectory"] = dataDirectory;
        Settings["RecoveryPlatform:Referrals:ActiveKeyId"] = activeKeyId;
        Settings["RecoveryPlatform:Referrals:PlatformAdminBreakGlass"] = "true";
        foreach (var seed in keySeeds)
        {
            Settings[$"RecoveryPlatform:Referrals:Keys:test-{seed}"] = ReferralKey(seed);
        }
    }
}

/// <summary>What the person's data must never be found in: the database file, the logs, the change feed; and what a burst meets.</summary>
public sealed class ReferralProtectionTests(ReferralProtectionFactory api) : ApiTest<ReferralProtectionFactory>(api)
{
    private static readonly string[] PersonalValues =
        [ReferralArrangement.PersonName, ReferralArrangement.PersonLastName, ReferralArrangement.PersonPhone, ReferralArrangement.PersonEmail, "Alex Practitioner", "voicemail for Zebedee"];

    [Fact]
    public async Task A_full_referral_flow_leaves_the_persons_data_nowhere_in_the_database_file_nor_the_logs()
    {
        var parties = await Api.ReferralPartiesAsync();
        var id = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(parties.Fellowship));
        (await parties.Coordinator.MoveAsync(id, "received")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await parties.Coordinator.MoveAsync(id, "accepted")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await parties.Coordinator.MoveAsync(id, "in-progress", "contact-attempted", "Left a voicemail for Zebedee.")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await parties.Coordinator.ReadAsync($"{ReferralArrangement.Referrals}/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await parties.Coordinator.ReadAsync($"{ReferralArrangement.Referrals}/{id}/history")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await parties.ServiceAdmin.GetAsync($"{ReferralArrangement.Referrals}/{id}/subject-access", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A bad submission's errors name fields, never values.
        var bad = ReferralArrangement.Submission(parties.Fellowship);
        bad["person"]!["email"] = "not-an-email " + ReferralArrangement.PersonEmail;
        var refused = await (await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(bad), Cancellation)).ShouldBeValidationProblemAsync("person.email");
        refused.ToJsonString().ShouldNotContain(ReferralArrangement.PersonEmail);

        // The database file, its write-ahead log included, read as bytes: the values are sealed.
        SqliteConnection.ClearAllPools();
        var files = await DatabaseFilesAsync();
        files.ShouldNotBeEmpty();
        foreach (var (file, bytes) in files)
        {
            foreach (var value in PersonalValues)
            {
                ContainsText(bytes, value).ShouldBeFalse($"{file} holds \"{value}\" in the clear");
            }
        }

        // The sealed value is there (so the check above is looking at the right rows).
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(Api.DataDirectory, "recoveryplatform.db")};Mode=ReadOnly"))
        {
            await connection.OpenAsync(Cancellation);
            var command = connection.CreateCommand();
            command.CommandText = "SELECT SealedPersonalData FROM referrals_Referrals WHERE Id = $id";
            command.Parameters.AddWithValue("$id", Guid.Parse(id).ToString().ToUpperInvariant());
            var sealedValue = (string?)await command.ExecuteScalarAsync(Cancellation);
            sealedValue.ShouldNotBeNull();
            sealedValue.ShouldStartWith("rp1.test-1.");
        }

        var logs = Api.Logs.Entries;
        // Every level of every category, EF Core's commands and ASP.NET Core's request logging included.
        logs.Count.ShouldBeGreaterThan(500);
        foreach (var (level, category, message) in logs)
        {
            foreach (var value in PersonalValues)
            {
                message.ShouldNotContain(value, Case.Insensitive, $"{level} {category}");
            }
        }
    }

    [Fact]
    public async Task A_burst_of_submissions_from_one_key_is_throttled_with_429()
    {
        var parties = await Api.ReferralPartiesAsync();
        var statuses = new List<HttpStatusCode>();

        // The bucket refills a sixth of the minute's quota every 10 s, so on a slow machine a few more get
        // through before the first refusal: send until one is refused (or far past the quota).
        for (var i = 0; i < ReferralProtectionFactory.SubmissionsPerMinute * 3 && !statuses.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            var response = await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(parties.Fellowship, $"Burst {i}")), Cancellation);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter.ShouldNotBeNull();
                await response.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
            }
        }

        statuses.Take(ReferralProtectionFactory.SubmissionsPerMinute).ShouldAllBe(s => s == HttpStatusCode.Created);
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        statuses.Count.ShouldBeLessThan(ReferralProtectionFactory.SubmissionsPerMinute * 2, "the burst was hardly throttled");

        // Another service's referrer has a bucket of its own.
        var others = await Api.ReferralPartiesAsync();
        (await others.Referrer.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(others.Fellowship)), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task After_a_key_rotation_referrals_sealed_with_the_old_key_still_open_and_new_ones_use_the_new_key()
    {
        using var folder = new TemporaryDataFolder();
        string referrer, coordinator, fellowship, before;
        await using (var old = new ReferralKeysFactory(folder.Path, "test-1", 1))
        {
            var parties = await old.ReferralPartiesAsync();
            (fellowship, referrer, coordinator) = (parties.Fellowship, await old.CreateKeyAsync(parties.Service, "referrer"), await old.CreateKeyAsync(parties.Fellowship, "referral-coordinator"));
            before = await parties.Referrer.SubmitAsync(ReferralArrangement.Submission(fellowship));
        }

        await using var rotated = new ReferralKeysFactory(folder.Path, "test-2", 1, 2);
        var read = await (await rotated.WithKey(coordinator).ReadAsync($"{ReferralArrangement.Referrals}/{before}")).ShouldBeJsonAsync();
        read["person"]!["phone"]!.GetValue<string>().ShouldBe(ReferralArrangement.PersonPhone);

        var after = await rotated.WithKey(referrer).SubmitAsync(ReferralArrangement.Submission(fellowship));
        SealedValueOf(folder.DatabaseFile, before).ShouldStartWith("rp1.test-1.");
        SealedValueOf(folder.DatabaseFile, after).ShouldStartWith("rp1.test-2.");

        // Break-glass is configured on these instances: a platform admin may read, logged, but not act.
        var admin = rotated.PlatformAdmin();
        (await admin.ReadAsync($"{ReferralArrangement.Referrals}/{after}", "safeguarding")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await admin.MoveAsync(after, "received")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_idempotency_key_longer_than_255_characters_is_a_400_and_nothing_is_written()
    {
        var parties = await Api.ReferralPartiesAsync();
        var response = await parties.Referrer.SendAsync(ReferralArrangement.SubmitRequest(ReferralArrangement.Submission(parties.Fellowship), new string('k', 256)), Cancellation);
        await response.ShouldBeValidationProblemAsync("Idempotency-Key");
        var sent = await (await parties.Referrer.GetAsync($"{ReferralArrangement.Referrals}?side=sent", Cancellation)).ShouldBeJsonAsync();
        sent["totalItems"]!.GetValue<int>().ShouldBe(0);
    }

    private static string SealedValueOf(string databaseFile, string referralId)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT SealedPersonalData FROM referrals_Referrals WHERE Id = $id";
        command.Parameters.AddWithValue("$id", Guid.Parse(referralId).ToString().ToUpperInvariant());
        return (string?)command.ExecuteScalar() ?? throw new InvalidOperationException("No such referral.");
    }

    /// <summary>
    /// Every file of the database, by name, read as bytes. The last connection closing lets SQLite checkpoint its
    /// write-ahead log into the database and delete it (and its index) while they are read: a file gone mid-read starts
    /// the reading again, so the log's pages are read where they went.
    /// </summary>
    private async Task<List<(string File, byte[] Bytes)>> DatabaseFilesAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var read = new List<(string File, byte[] Bytes)>();
            try
            {
                foreach (var file in Directory.GetFiles(Api.DataDirectory, "recoveryplatform.db*"))
                {
                    read.Add((Path.GetFileName(file), await ReadSharedAsync(file)));
                }

                return read;
            }
            catch (FileNotFoundException) when (attempt < 5)
            {
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancellation);
        return copy.ToArray();
    }

    /// <summary>Whether the text is in the bytes as UTF-8 or as UTF-16 (how SQLite may store it).</summary>
    private static bool ContainsText(byte[] bytes, string text) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;
}
