using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// What EF Core would have sent to SQL Server: every distinct statement, and every query or save it
/// could not turn into SQL at all. Filled by <see cref="SqlServerMirror"/> through a pretend connection.
/// </summary>
public sealed partial class SqlServerCapture
{
    /// <summary>Statements by their text with whitespace normalised: the text as generated, and where it was first seen.</summary>
    private readonly ConcurrentDictionary<string, CapturedStatement> _statements = new(StringComparer.Ordinal);

    /// <summary>Each distinct failure, with where it was first seen and how often it happened.</summary>
    private readonly ConcurrentDictionary<string, (string Origin, int Times)> _failures = new(StringComparer.Ordinal);

    private readonly AsyncLocal<string?> _origin = new();

    private int _commands;

    /// <summary>The HTTP test running now, to say where a statement or failure came from.</summary>
    public string CurrentTest { get; set; } = "start-up";

    /// <summary>What asked for the statements being generated now: the test, and the request or start-up step.</summary>
    public string Origin => _origin.Value ?? CurrentTest;

    public void SetOrigin(string? origin) => _origin.Value = origin;

    /// <summary>The distinct statements, by their text with whitespace normalised.</summary>
    public IReadOnlyDictionary<string, CapturedStatement> Statements => _statements;

    /// <summary>Queries and saves EF Core could not turn into SQL Server SQL, with what first asked for each.</summary>
    public IReadOnlyList<string> Failures =>
        _failures.Select(f => $"{f.Key}\n  first in {f.Value.Origin}{(f.Value.Times > 1 ? $", {f.Value.Times} times in all" : string.Empty)}").ToList();

    public int CommandCount => _commands;

    public void Record(string commandText)
    {
        Interlocked.Increment(ref _commands);
        _statements.TryAdd(Normalise(commandText), new CapturedStatement(commandText, Origin));
    }

    public void Fail(string failure) =>
        _failures.AddOrUpdate(failure, (Origin, 1), (_, seen) => (seen.Origin, seen.Times + 1));

    public static string Normalise(string sql) => Whitespace().Replace(sql, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>A statement as EF Core generated it (line breaks matter to "--" comments), and what first asked for it.</summary>
public sealed record CapturedStatement(string Sql, string Origin);

/// <summary>
/// Gives EF Core's SQL Server provider a connection that never reaches a server. A real SqlConnection
/// cannot be made to look open, and EF Core drops the current transaction whenever the connection it
/// uses looks closed, so suppressing SqlConnection.Open is not enough: the whole connection is pretend.
/// </summary>
public sealed class CapturedConnectionInterceptor(SqlServerCapture capture) : DbConnectionInterceptor
{
    public override InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        InterceptionResult<DbConnection>.SuppressWithResult(new CapturedConnection(capture, eventData.ConnectionString ?? string.Empty));
}

/// <summary>A connection that opens without a server and whose commands record their text and return nothing.</summary>
internal sealed class CapturedConnection(SqlServerCapture capture, string connectionString) : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    /// <summary>Commands this connection has executed: a query that fails before the first never became SQL.</summary>
    public int Executed { get; private set; }

    [AllowNull]
    public override string ConnectionString { get; set; } = connectionString;

    public override string Database => "capture";

    public override string DataSource => "capture";

    public override string ServerVersion => "16.00.1000";

    public override ConnectionState State => _state;

    public override void ChangeDatabase(string databaseName)
    {
    }

    public override void Open() => _state = ConnectionState.Open;

    public override void Close() => _state = ConnectionState.Closed;

    public void Executing(string commandText)
    {
        Executed++;
        capture.Record(commandText);
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new CapturedTransaction(this, isolationLevel);

    protected override DbCommand CreateDbCommand() => new CapturedCommand { Connection = this };
}

internal sealed class CapturedTransaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
{
    public override IsolationLevel IsolationLevel => isolationLevel;

    protected override DbConnection DbConnection => connection;

    public override void Commit()
    {
    }

    public override void Rollback()
    {
    }
}

/// <summary>
/// Records its text on execution and answers as an empty database would: no rows, one row affected.
/// Its parameters are real SqlParameters, because EF Core's SQL Server type mappings cast to them.
/// </summary>
internal sealed partial class CapturedCommand : DbCommand
{
    private readonly SqlCommand _parameters = new();

    [AllowNull]
    public override string CommandText { get; set; } = string.Empty;

    public override int CommandTimeout { get; set; }

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection { get; set; }

    protected override DbParameterCollection DbParameterCollection => _parameters.Parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override int ExecuteNonQuery()
    {
        Executing();
        return 1;
    }

    public override object? ExecuteScalar()
    {
        Executing();
        return null;
    }

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqlParameter();

    /// <summary>
    /// No rows, except for a save's check that the row it changed still existed ("OUTPUT 1"), which is
    /// answered yes: the save then goes on to generate the rest of its statements, as it would against
    /// a real row, instead of stopping at a concurrency failure.
    /// </summary>
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        Executing();
        var results = new DataSet();
        for (var found = RowFound().Count(CommandText); found > 0; found--)
        {
            var result = results.Tables.Add();
            result.Columns.Add("found", typeof(int));
            result.Rows.Add(1);
        }

        return results.Tables.Count == 0 ? new DataTable().CreateDataReader() : results.CreateDataReader();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _parameters.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Executing() => ((CapturedConnection)DbConnection!).Executing(CommandText);

    [GeneratedRegex(@"\bOUTPUT 1\b")]
    private static partial Regex RowFound();
}
