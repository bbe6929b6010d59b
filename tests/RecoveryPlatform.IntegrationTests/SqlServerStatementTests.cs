using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace RecoveryPlatform.IntegrationTests;

/// <summary>
/// Production runs on SQL Server, but most machines that run these tests have no Docker engine, so the
/// SQL Server copy of the HTTP suite (SqlServerSuite.cs) is skipped there and only CI with Docker runs
/// the real thing. This test proves the SQL Server path without a server: it runs the whole HTTP suite
/// once, replays every query and save for SQL Server (<see cref="SqlServerMirror"/>), and checks that
/// EF Core could translate each one and that every statement it generated parses as T-SQL. A LINQ
/// query SQL Server cannot translate fails here, not in production.
/// </summary>
public sealed class SqlServerStatementTests
{
    /// <summary>
    /// The suite generated 182 distinct statements when this was written; replaying queries without
    /// saves gave 145, and start-up alone makes a handful. Lower it only for a suite that really shrank.
    /// </summary>
    private const int AtLeastStatements = 150;

    [Fact]
    public async Task Every_query_and_save_of_the_http_suite_translates_for_sql_server_into_statements_that_parse()
    {
        var capture = new SqlServerCapture();

        var run = await HttpSuiteRunner.RunAsync(() => new SqlServerCaptureApiFactory(capture), test => capture.CurrentTest = test, TimeSpan.FromSeconds(30));

        var unparsable = capture.Statements.Values
            .Select(statement => (Statement: statement, Errors: ParseErrors(statement.Sql)))
            .Where(parsed => parsed.Errors.Count > 0)
            .Select(parsed => $"{parsed.Statement.Origin}: {string.Join("; ", parsed.Errors)}\n    {parsed.Statement.Sql}")
            .ToList();
        Report(run, capture, unparsable);

        run.CouldNotRun.ShouldBeEmpty("cases the runner could not start prove nothing");
        capture.Failures.ShouldBeEmpty("EF Core could not turn these into SQL Server SQL");
        unparsable.ShouldBeEmpty("these statements are not valid T-SQL");
        capture.Statements.Count.ShouldBeGreaterThanOrEqualTo(AtLeastStatements);
        foreach (var verb in new[] { "SELECT", "INSERT", "UPDATE", "DELETE", "sp_getapplock" })
        {
            capture.Statements.Keys.ShouldContain(sql => sql.Contains(verb, StringComparison.Ordinal), $"no {verb} statement was captured");
        }
    }

    private static List<string> ParseErrors(string sql)
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        return errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}").ToList();
    }

    private static void Report(HttpSuiteRun run, SqlServerCapture capture, List<string> unparsable)
    {
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"{capture.Statements.Count} distinct SQL Server statements ({capture.CommandCount} executed) from {run.Cases} HTTP test cases: "
            + $"{run.Passed} passed, {run.Failed.Count} failed, {run.TimedOut.Count} timed out, {run.CouldNotRun.Count} could not run.");
        output.WriteLine($"{capture.Failures.Count} queries or saves could not become SQL; {unparsable.Count} statements do not parse.");
        foreach (var line in run.Failed.Select(f => $"failed: {f}").Concat(run.TimedOut.Select(t => $"timed out: {t}")))
        {
            output.WriteLine(line);
        }

        foreach (var (sql, statement) in capture.Statements.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{sql}    -- {statement.Origin}");
        }
    }
}
