using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.IntegrationTests;

/// <summary>
/// Guards the migrations of both providers without a server: the model and the migrations agree,
/// and the SQL Server script a deployment would run parses as T-SQL.
/// </summary>
public sealed class MigrationTests
{
    /// <summary>Every module context for each provider, built by its design-time factory (as the EF tools do).</summary>
    public static TheoryData<string> ContextNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in DesignTimeFactories().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Every_module_database_has_a_context_for_each_provider()
    {
        var names = DesignTimeFactories().Keys.ToList();
        names.Count(n => n.Contains("Sqlite", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(1);
        names.Count(n => n.Contains("Sqlite", StringComparison.Ordinal)).ShouldBe(names.Count(n => n.Contains("SqlServer", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(ContextNames))]
    public void The_model_has_no_changes_missing_from_the_migrations(string contextName)
    {
        using var context = CreateContext(contextName);
        context.Database.GetMigrations().ShouldNotBeEmpty();
        context.Database.HasPendingModelChanges().ShouldBeFalse($"{contextName}: run 'dotnet ef migrations add' for this context");
    }

    [Theory]
    [MemberData(nameof(ContextNames))]
    public void The_idempotent_sql_server_script_parses_without_errors(string contextName)
    {
        if (!contextName.Contains("SqlServer", StringComparison.Ordinal))
        {
            return;
        }

        using var context = CreateContext(contextName);
        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        script.ShouldContain("CREATE TABLE");

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        parser.Parse(new StringReader(script), out var errors);
        errors.Select(e => $"line {e.Line}: {e.Message}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Upgrading_a_sqlite_database_keeps_the_meeting_exceptions_in_their_renamed_table()
    {
        var file = Path.Combine(Path.GetTempPath(), $"recoveryplatform-upgrade-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<MeetingsSqliteDbContext>();
        ModuleDatabaseRegistration.ConfigureProvider(options, DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false", MeetingsDbContext.SchemaName, typeof(MeetingsSqliteDbContext));
        await using (var db = new MeetingsSqliteDbContext(options.Options))
        {
            var migrator = db.GetService<IMigrator>();
            var migrations = db.Database.GetMigrations().ToList();
            await migrator.MigrateAsync(migrations.First(m => m.EndsWith("_Initial", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
            var meetingId = Guid.NewGuid();
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO meetings_Meetings (Id, OrganisationId, GroupId, Name, Attendance, TimeZoneId, LocalStartTime, DurationMinutes, RecurrenceKind, Day, Formats, Languages, Status, CreatedAt, UpdatedAt, Version)
                VALUES ({meetingId}, {Guid.NewGuid()}, {Guid.NewGuid()}, 'Upgrade', 'Online', 'Europe/London', '19:30:00', 60, 'Weekly', 'Tuesday', '[]', '["en"]', 'Active', 0, 0, {Guid.NewGuid()})
                """,
                TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlAsync($"INSERT INTO MeetingExceptions (MeetingId, Date, IsCancellation, Note) VALUES ({meetingId}, '2026-12-29', 1, 'Christmas')", TestContext.Current.CancellationToken);

            await migrator.MigrateAsync(cancellationToken: TestContext.Current.CancellationToken);

            var kept = await db.Database.SqlQuery<string>($"SELECT Note AS Value FROM meetings_MeetingExceptions WHERE MeetingId = {meetingId}").ToListAsync(TestContext.Current.CancellationToken);
            kept.ShouldBe(["Christmas"]);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    private static DbContext CreateContext(string name)
    {
        var factory = DesignTimeFactories()[name];
        var create = factory.GetType().GetMethod("CreateDbContext")!;
        return (DbContext)create.Invoke(Activator.CreateInstance(factory.GetType(), nonPublic: true) ?? factory, [Array.Empty<string>()])!;
    }

    private static Dictionary<string, object> DesignTimeFactories() =>
        ModuleAssemblies()
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.IsAbstract && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>)))
            .ToDictionary(type => type.GetInterfaces().Single(i => i.IsGenericType).GetGenericArguments()[0].Name, type => Activator.CreateInstance(type, nonPublic: true)!);

    private static IEnumerable<Assembly> ModuleAssemblies() =>
        typeof(Program).Assembly.GetReferencedAssemblies()
            .Where(name => name.Name!.StartsWith("RecoveryPlatform.Modules.", StringComparison.Ordinal) && !name.Name.EndsWith(".Contracts", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .Where(assembly => assembly.GetTypes().Any(type => type.IsSubclassOf(typeof(ModuleDbContext))));
}
