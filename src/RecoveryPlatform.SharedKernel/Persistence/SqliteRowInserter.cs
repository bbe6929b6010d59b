using System.Collections;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace RecoveryPlatform.SharedKernel.Persistence;

/// <summary>
/// Inserts new entities into SQLite through one prepared statement per table, reused for every row, inside the
/// context's current transaction. EF Core writes a batch as a new command text each time, so SQLite prepares every
/// statement of every batch again, and builds a modification command, a column list and a parameter set per row: for
/// the half a million rows of a 100,000-meeting import that was most of its time and nearly all of its garbage.
/// The statement is driven through SQLite's own API (SQLitePCLRaw), its values bound by position: through a prepared
/// <see cref="SqliteCommand"/>, every row still paid for a new parameter per column, each bound by looking its name up
/// in the statement again, and a data reader per execution: a sixth of such an import's time, and three quarters of
/// the garbage left of it.
/// The columns and their value converters come from the EF Core model and type mappings, and each converted value is
/// stored as Microsoft.Data.Sqlite stores it (a Guid as upper-case text, a date as yyyy-MM-dd, …), so a row is stored
/// exactly as EF Core would store it (the round-trip tests compare the two column by column and type by type).
/// </summary>
/// <remarks>
/// For new rows whose every value is set in memory, except a whole-number key that SQLite numbers (read back into the
/// entity): no shadow properties, and no owned collection with anything in it (those are refused rather than left out).
/// A column whose stored type this does not know how Microsoft.Data.Sqlite writes is refused too, rather than guessed.
/// </remarks>
internal static class SqliteRowInserter
{
    public static Task InsertAsync(DbContext db, IEnumerable<object> entities, CancellationToken cancellationToken)
    {
        // SQLite's calls are synchronous (as they are under SqliteCommand's async methods); failures still reach the
        // caller through the task, as an async method's would.
        try
        {
            Insert(db, entities, cancellationToken);
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private static void Insert(DbContext db, IEnumerable<object> entities, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Rows are inserted only inside a transaction.");
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var handle = connection.Handle;

        // SqliteCommand checked that its transaction was the connection's and still open; these statements bypass it,
        // so that is checked here: outside a transaction SQLite would commit each row on its own.
        if (transaction.Connection != connection || handle is null || raw.sqlite3_get_autocommit(handle) != 0)
        {
            throw new InvalidOperationException("Rows are inserted only inside the context's open transaction.");
        }

        foreach (var rows in entities.GroupBy(e => e.GetType()))
        {
            var entityType = db.Model.FindEntityType(rows.Key)
                ?? throw new InvalidOperationException($"{rows.Key.Name} is not an entity of {db.GetType().Name}.");
            using var statement = InsertStatement.For(db, handle, entityType);
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                statement.Insert(row);
            }
        }
    }

    /// <summary>How Microsoft.Data.Sqlite stores a value of each CLR type the inserted entities' columns hold once converted.</summary>
    private enum Storage
    {
        Text,
        Int64,
        Int32,
        Boolean,
        Double,
        Guid,
        DateOnly,
        TimeOnly,
    }

    private readonly record struct Column(IClrPropertyGetter Getter, Func<object?, object?>? ToProvider, Storage Storage);

    private sealed class InsertStatement : IDisposable
    {
        private readonly sqlite3 _connection;
        private readonly sqlite3_stmt _statement;
        private readonly IEntityType _entityType;
        private readonly Column[] _columns;
        private readonly (INavigation Navigation, IClrPropertyGetter Getter)[] _ownedCollections;
        private readonly IProperty? _generatedKey;

        private InsertStatement(
            sqlite3 connection, sqlite3_stmt statement, IEntityType entityType, Column[] columns, (INavigation, IClrPropertyGetter)[] ownedCollections, IProperty? generatedKey)
        {
            _connection = connection;
            _statement = statement;
            _entityType = entityType;
            _columns = columns;
            _ownedCollections = ownedCollections;
            _generatedKey = generatedKey;
        }

        public static InsertStatement For(DbContext db, sqlite3 connection, IEntityType entityType)
        {
            var tableName = entityType.GetTableName() ?? throw new NotSupportedException($"{entityType.DisplayName()} is not mapped to a table.");
            var table = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
            var properties = entityType.GetProperties().ToList();
            if (properties.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            {
                throw new NotSupportedException($"{entityType.DisplayName()}.{shadow.Name} is a shadow property, whose value only EF Core's change tracker knows.");
            }

            if (entityType.GetNavigations().FirstOrDefault(n => !n.IsOnDependent && !n.IsCollection && n.TargetEntityType.IsOwned()) is { } ownedReference)
            {
                throw new NotSupportedException($"{entityType.DisplayName()}.{ownedReference.Name} is an owned reference, which this does not write.");
            }

            // A key SQLite numbers itself (an outbox's sequence) is left to it, and read back into the entity.
            var generated = entityType.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key] && (key.ClrType == typeof(long) || key.ClrType == typeof(int))
                ? key
                : null;
            if (generated is not null)
            {
                properties.Remove(generated);
            }

            var columns = properties.Select(p => ColumnOf(entityType, p)).ToArray();
            var sql = db.GetService<ISqlGenerationHelper>();

            // ?1, ?2, …: each value is bound by its position, so SQLite never has to look a name up.
            var commandText =
                $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
                $"VALUES ({string.Join(", ", properties.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)))})";
            var utf8 = Encoding.UTF8.GetBytes(commandText);
            var prepared = raw.sqlite3_prepare_v2(connection, utf8, out var statement, out var tail);
            if (prepared != raw.SQLITE_OK || !tail.IsEmpty || raw.sqlite3_bind_parameter_count(statement) != columns.Length)
            {
                statement.Dispose();
                SqliteException.ThrowExceptionForRC(prepared, connection);
                throw new InvalidOperationException($"The insert into {table.Name} did not prepare as one statement with a parameter per column.");
            }

            var ownedCollections = entityType.GetNavigations()
                .Where(n => n.IsCollection && n.TargetEntityType.IsOwned())
                .Select(n => (n, n.GetGetter()))
                .ToArray();
            return new InsertStatement(connection, statement, entityType, columns, ownedCollections, generated);
        }

        /// <summary>
        /// The converter is the one EF Core applies to a parameter (its type mapping's, as in
        /// <see cref="RelationalTypeMapping.CreateParameter"/>). SQLite's type mappings in EF Core 10 set neither a
        /// SqliteType nor a Size on their parameters, so Microsoft.Data.Sqlite stores each value by its CLR type alone
        /// (a SqliteType of Blob would store a Guid as bytes, a Size would cut a string short): should that change, the
        /// round-trip tests would show it.
        /// </summary>
        private static Column ColumnOf(IEntityType entityType, IProperty property)
        {
            var mapping = property.GetRelationalTypeMapping();
            var stored = mapping.Converter?.ProviderClrType ?? property.ClrType;
            stored = Nullable.GetUnderlyingType(stored) ?? stored;
            var storage = stored == typeof(string) ? Storage.Text
                : stored == typeof(long) ? Storage.Int64
                : stored == typeof(int) ? Storage.Int32
                : stored == typeof(bool) ? Storage.Boolean
                : stored == typeof(double) ? Storage.Double
                : stored == typeof(Guid) ? Storage.Guid
                : stored == typeof(DateOnly) ? Storage.DateOnly
                : stored == typeof(TimeOnly) ? Storage.TimeOnly
                : throw new NotSupportedException(
                    $"{entityType.DisplayName()}.{property.Name} is stored as {stored.Name}, which this does not write: teach it how Microsoft.Data.Sqlite stores one, and test it.");
            return new Column(property.GetGetter(), mapping.Converter?.ConvertToProvider, storage);
        }

        public void Insert(object entity)
        {
            foreach (var (navigation, getter) in _ownedCollections)
            {
                if (getter.GetClrValueUsingContainingEntity(entity) is IEnumerable owned && (owned is ICollection collection ? collection.Count > 0 : owned.GetEnumerator().MoveNext()))
                {
                    throw new NotSupportedException($"{_entityType.DisplayName()}.{navigation.Name} has rows, which this does not write.");
                }
            }

            // Every parameter is bound again for every row, so none keeps the previous row's value.
            Span<byte> text = stackalloc byte[36]; // A Guid's text, the longest formatted here.
            for (var i = 0; i < _columns.Length; i++)
            {
                var column = _columns[i];
                var value = column.Getter.GetClrValueUsingContainingEntity(entity);
                if (column.ToProvider is { } toProvider)
                {
                    value = toProvider(value);
                }

                Check(Bind(i + 1, column.Storage, value, text));
            }

            try
            {
                var result = raw.sqlite3_step(_statement);
                if (result != raw.SQLITE_DONE)
                {
                    Check(result);
                    throw new InvalidOperationException($"Inserting a {_entityType.DisplayName()} returned a row.");
                }

                if (raw.sqlite3_changes(_connection) != 1)
                {
                    throw new InvalidOperationException($"Inserting a {_entityType.DisplayName()} wrote no row.");
                }

                if (_generatedKey is not null)
                {
                    // A key SQLite numbers is an INTEGER PRIMARY KEY, which is the row's rowid: read from the connection
                    // rather than through a RETURNING clause, whose result set cost each outbox row as much again as its insert.
                    SetGeneratedKey(entity, raw.sqlite3_last_insert_rowid(_connection));
                }
            }
            finally
            {
                // Ready for the next row, and no longer holding the statement open, whether this one was written or not.
                raw.sqlite3_reset(_statement);
            }
        }

        /// <summary>
        /// Each value is stored as Microsoft.Data.Sqlite's parameter binding stores it (SqliteValueBinder): the same
        /// text formats, culture-invariant, and the same SQLitePCLRaw call for strings, so a string's bytes are the same.
        /// </summary>
        private int Bind(int index, Storage storage, object? value, Span<byte> text)
        {
            if (value is null)
            {
                return raw.sqlite3_bind_null(_statement, index);
            }

            switch (storage)
            {
                case Storage.Text:
                    return raw.sqlite3_bind_text(_statement, index, (string)value);
                case Storage.Int64:
                    return raw.sqlite3_bind_int64(_statement, index, (long)value);
                case Storage.Int32:
                    return raw.sqlite3_bind_int64(_statement, index, (int)value);
                case Storage.Boolean:
                    return raw.sqlite3_bind_int64(_statement, index, (bool)value ? 1 : 0);
                case Storage.Double:
                    var number = (double)value;
                    return double.IsNaN(number)
                        ? throw new InvalidOperationException($"{_entityType.DisplayName()} has a NaN, which SQLite cannot store.")
                        : raw.sqlite3_bind_double(_statement, index, number);
                case Storage.Guid:
                    // Upper case, as Microsoft.Data.Sqlite writes it (Guid.ToString() upper-cased); formatted straight
                    // into UTF-8 rather than through two strings per value.
                    ((Guid)value).TryFormat(text, out var written, "D");
                    Ascii.ToUpperInPlace(text[..written], out _);
                    return raw.sqlite3_bind_text(_statement, index, text[..written]);
                case Storage.DateOnly:
                    ((DateOnly)value).TryFormat(text, out written, @"yyyy\-MM\-dd", CultureInfo.InvariantCulture);
                    return raw.sqlite3_bind_text(_statement, index, text[..written]);
                case Storage.TimeOnly:
                    var time = (TimeOnly)value;
                    time.TryFormat(text, out written, time.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
                    return raw.sqlite3_bind_text(_statement, index, text[..written]);
                default:
                    throw new NotSupportedException($"{storage} is not written.");
            }
        }

        private void SetGeneratedKey(object entity, long key)
        {
            object value = _generatedKey!.ClrType == typeof(int) ? checked((int)key) : key;
            if (_generatedKey.PropertyInfo is { CanWrite: true } property)
            {
                property.SetValue(entity, value);
            }
            else
            {
                (_generatedKey.FieldInfo ?? throw new NotSupportedException($"{_entityType.DisplayName()}.{_generatedKey.Name} cannot be set.")).SetValue(entity, value);
            }
        }

        /// <summary>Throws SQLite's error as SqliteCommand would (a <see cref="SqliteException"/> with its code and message), so callers see the same failures.</summary>
        private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _connection);

        public void Dispose() => _statement.Dispose();
    }
}
