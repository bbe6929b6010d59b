using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Features;
using RecoveryPlatform.Modules.Meetings.Features.CreateMeeting;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.Modules.Venues.Features;
using RecoveryPlatform.Modules.Venues.Features.CreateVenue;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Auditing;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.IntegrationTests.Imports;

/// <summary>
/// Imports write new rows through <see cref="SqliteRowInserter"/> instead of EF Core. Each row it writes must be the
/// row EF Core writes for the same entity, column by column and type by type (a Guid's text, a time's number, an enum's
/// name, a list's JSON), or every later read of an imported meeting would be subtly different from one made by hand.
/// </summary>
public sealed class SqliteRowInserterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 19, 30, 15, 123, TimeSpan.Zero);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"recoveryplatform-rows-{Guid.NewGuid():N}.db");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_meeting_with_every_kind_of_column_is_written_as_EF_Core_writes_it()
    {
        var request = new MeetingRequest(
            Guid.NewGuid(), "Tuesday Night Step", "Bring a friend.\nUpstairs.", Attendance.Hybrid, Guid.NewGuid(),
            new OnlineRequest("https://zoom.us/j/85712345678", "+16465588656,,85712345678#", "Passcode 1234"),
            new ScheduleRequest("America/New_York", "19:30", null, "21:00", new RecurrenceRequest(RecurrenceKind.Weekly, DayOfWeek.Tuesday, null, null, null, [1]), new DateOnly(2026, 1, 6), null,
                [new WeekOfMonthFormatsRequest(5, ["ST"])]),
            ["O", "D"], ["en", "ase"], MeetingStatus.Active, null, "Room 2, side door", "nyc-1234/tuesday", Now.AddDays(-3));
        var meeting = ValidMeeting(request);

        await using var db = await OpenAsync<MeetingsSqliteDbContext>(MeetingsDbContext.SchemaName);
        await ShouldWriteTheSameRowAsync(db, meeting, "meetings_Meetings", meeting.Id);
    }

    [Fact]
    public async Task A_meeting_with_only_what_is_required_is_written_as_EF_Core_writes_it()
    {
        var request = new MeetingRequest(
            Guid.NewGuid(), "Online", null, Attendance.Online, null, new OnlineRequest("https://meet.example.org/x", null, null),
            new ScheduleRequest("Europe/London", "07:00", 60, null, new RecurrenceRequest(RecurrenceKind.Weekly, DayOfWeek.Sunday, null, null, null), null, null),
            [], [], MeetingStatus.TemporarilySuspended, null);
        var meeting = ValidMeeting(request);

        await using var db = await OpenAsync<MeetingsSqliteDbContext>(MeetingsDbContext.SchemaName);
        await ShouldWriteTheSameRowAsync(db, meeting, "meetings_Meetings", meeting.Id);
    }

    /// <summary>
    /// The inserter formats a time's text itself, and a time with a fraction of a second has a longer form; a string
    /// of more than 512 UTF-8 bytes goes through SQLitePCLRaw by another path than a short one.
    /// </summary>
    [Fact]
    public async Task A_meeting_whose_values_take_their_longer_forms_is_written_as_EF_Core_writes_it()
    {
        var request = new MeetingRequest(
            Guid.NewGuid(), "Réunion du mardi — 火曜日", string.Concat(Enumerable.Repeat("Café, étage 2 — 二階. ", 40)), Attendance.Online, null,
            new OnlineRequest("https://meet.example.org/x", null, null),
            new ScheduleRequest("Europe/Paris", "07:00", 60, null, new RecurrenceRequest(RecurrenceKind.Weekly, DayOfWeek.Sunday, null, null, null), null, null),
            ["O"], ["fr"], MeetingStatus.Active, null);
        new CreateMeetingValidator().Validate(new CreateMeetingCommand(request)).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}").ShouldBeEmpty();
        var details = MeetingDetailsFactory.From(request);
        details = details with { Schedule = details.Schedule with { LocalStartTime = new TimeOnly(7, 0, 15, 123, 456) } };
        var meeting = Meeting.Create(Guid.NewGuid(), request.GroupId!.Value, details, Now);
        System.Text.Encoding.UTF8.GetByteCount(meeting.Description!).ShouldBeGreaterThan(512);

        await using var db = await OpenAsync<MeetingsSqliteDbContext>(MeetingsDbContext.SchemaName);
        await ShouldWriteTheSameRowAsync(db, meeting, "meetings_Meetings", meeting.Id);
    }

    [Fact]
    public async Task A_venue_is_written_as_EF_Core_writes_it()
    {
        var details = new CreateVenueRequest(
            null, "St Mary's Hall", "12 Church Lane", null, "Leeds", "West Yorkshire", "LS6 2AB", "GB", 53.8195, -1.5781, "Side entrance",
            [AccessibilityFeature.StepFreeAccess, AccessibilityFeature.HearingLoop], null, true).ToDetails();
        var venue = Venue.Create(Guid.NewGuid(), details, Now);

        await using var db = await OpenAsync<VenuesSqliteDbContext>(VenuesDbContext.SchemaName);
        await ShouldWriteTheSameRowAsync(db, venue, "venues_Venues", venue.Id);
    }

    [Fact]
    public async Task A_group_is_written_as_EF_Core_writes_it()
    {
        var group = Group.Create(
            Guid.NewGuid(),
            new GroupDetails("Headingley Group", null, "https://example.org", null, null, false, ["Queens", "Astoria"]) { CountryCode = "US", ServiceBody = new GroupServiceBody("Queens Area", null) },
            GroupStatus.Active,
            Now);

        await using var db = await OpenAsync<GroupsSqliteDbContext>(GroupsDbContext.SchemaName);
        await ShouldWriteTheSameRowAsync(db, group, "groups_Groups", group.Id);
    }

    [Fact]
    public async Task An_audit_entry_is_written_as_EF_Core_writes_it()
    {
        var venue = Venue.Create(Guid.NewGuid(), new CreateVenueRequest(null, "Hall", "1 Road", null, "Leeds", null, "LS6 1AA", "GB", 53.8, -1.5, null, [], null).ToDetails(), Now);
        var entry = AuditEntry.Record(venue, AuditingInterceptor.Created, "key:abc", Now, "0af7651916cd43dd8448eb211c80319c");

        await using var db = await OpenAsync<VenuesSqliteDbContext>(VenuesDbContext.SchemaName);
        await ShouldWriteTheSameRowAsync(db, entry, "venues_AuditEntries", entry.Id);
    }

    [Fact]
    public async Task An_outbox_event_takes_the_next_sequence_and_reads_it_back()
    {
        await using var db = await OpenAsync<MeetingsSqliteDbContext>(MeetingsDbContext.SchemaName);
        var byEf = OutboxMessage.For(new MeetingChanged(Guid.NewGuid(), Guid.NewGuid(), ChangeAction.Created));
        byEf.Stamp(Now, hasHandlers: false);
        db.Add(byEf);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.ChangeTracker.Clear();

        var inBulk = OutboxMessage.For(new MeetingChanged(Guid.NewGuid(), Guid.NewGuid(), ChangeAction.Created));
        inBulk.Stamp(Now, hasHandlers: true);
        await using (var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken))
        {
            await SqliteRowInserter.InsertAsync(db, [inBulk], TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }

        inBulk.Sequence.ShouldBe(byEf.Sequence + 1);
        var read = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Sequence == inBulk.Sequence, TestContext.Current.CancellationToken);
        read.EventId.ShouldBe(inBulk.EventId);
        read.Payload.ShouldBe(inBulk.Payload);
        read.OccurredAt.ShouldBe(Now);
        read.DispatchedAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_meeting_with_exceptions_is_refused_rather_than_written_without_them()
    {
        var request = new MeetingRequest(
            Guid.NewGuid(), "Online", null, Attendance.Online, null, new OnlineRequest("https://meet.example.org/x", null, null),
            new ScheduleRequest("Europe/London", "07:00", 60, null, new RecurrenceRequest(RecurrenceKind.Weekly, DayOfWeek.Sunday, null, null, null), null, null),
            [], [], MeetingStatus.Active, null);
        var meeting = ValidMeeting(request);
        meeting.Exceptions.Add(MeetingException.Cancellation(new DateOnly(2026, 12, 27), "Christmas"));

        await using var db = await OpenAsync<MeetingsSqliteDbContext>(MeetingsDbContext.SchemaName);
        await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var refused = await Should.ThrowAsync<NotSupportedException>(() => SqliteRowInserter.InsertAsync(db, [meeting], TestContext.Current.CancellationToken));
        refused.Message.ShouldContain("Exceptions");
    }

    private static Meeting ValidMeeting(MeetingRequest request)
    {
        new CreateMeetingValidator().Validate(new CreateMeetingCommand(request)).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}").ShouldBeEmpty();
        return Meeting.Create(Guid.NewGuid(), request.GroupId!.Value, MeetingDetailsFactory.From(request), Now);
    }

    /// <summary>EF Core saves the entity; its row is read and deleted; the inserter writes the same entity; the two rows must match.</summary>
    private static async Task ShouldWriteTheSameRowAsync(DbContext db, object entity, string table, Guid id)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        db.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var byEf = await ReadRowAsync(db, table, id);
        // The table's name comes from the test itself, never from input.
#pragma warning disable EF1002
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\" WHERE \"Id\" = {{0}}", [byEf["Id"]!], cancellationToken);
#pragma warning restore EF1002

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await SqliteRowInserter.InsertAsync(db, [entity], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var inBulk = await ReadRowAsync(db, table, id);
        inBulk.Keys.ShouldBe(byEf.Keys);
        foreach (var (column, value) in byEf)
        {
            (column, inBulk[column]?.GetType(), inBulk[column]).ShouldBe((column, value?.GetType(), value));
        }

        byEf.Values.Count(v => v is not null).ShouldBeGreaterThan(byEf.Count / 2, "the entity should fill most of its columns, or the comparison proves little");
    }

    private static async Task<Dictionary<string, object?>> ReadRowAsync(DbContext db, string table, Guid id)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"Id\" = $id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$id";
        parameter.Value = id.ToString().ToUpperInvariant();
        command.Parameters.Add(parameter);
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using DbDataReader reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        (await reader.ReadAsync(TestContext.Current.CancellationToken)).ShouldBeTrue($"no row {id} in {table}");
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }

    private async Task<TContext> OpenAsync<TContext>(string schema)
        where TContext : ModuleDbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        ModuleDatabaseRegistration.ConfigureProvider(options, DatabaseProvider.Sqlite, $"Data Source={_file};Pooling=false", schema, typeof(TContext));
        var db = (TContext)Activator.CreateInstance(typeof(TContext), options.Options)!;
        await db.GetService<IMigrator>().MigrateAsync(cancellationToken: TestContext.Current.CancellationToken);
        return db;
    }
}
