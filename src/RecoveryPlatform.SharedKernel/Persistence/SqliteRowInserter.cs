using System.Collections;
using System.Data.Common;
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
/// The columns, their conversions and the parameters come from the EF Core model and type mappings, so a row is
/// stored exactly as EF Core would store it (the round-trip test compares the two column by column).
/// </summary>
/// <remarks>
/// For new rows whose every value is set in memory, except a whole-number key that SQLite numbers (read back into the
/// entity): no shadow properties, and no owned collection with anything in it (those are refused rather than left out).
/// </remarks>
internal static class SqliteRowInserter
{
    public static async Task InsertAsync(DbContext db, IEnumerable<object> entities, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Rows are inserted only inside a transaction.");
        foreach (var rows in entities.GroupBy(e => e.GetType()))
        {
            var entityType = db.Model.FindEntityType(rows.Key)
                ?? throw new InvalidOperationException($"{rows.Key.Name} is not an entity of {db.GetType().Name}.");
            await using var statement = InsertStatement.For(db, entityType, transaction);
            foreach (var row in rows)
            {
                await statement.InsertAsync(row, cancellationToken);
            }
        }
    }

    private sealed class InsertStatement : IAsyncDisposable
    {
        private readonly DbCommand _command;
        private readonly IEntityType _entityType;
        private readonly (IProperty Property, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, string Parameter)[] _columns;
        private readonly (INavigation Navigation, IClrPropertyGetter Getter)[] _ownedCollections;
        private readonly IProperty? _generatedKey;

        private InsertStatement(
            DbCommand command, IEntityType entityType, (IProperty, RelationalTypeMapping, IClrPropertyGetter, string)[] columns, (INavigation, IClrPropertyGetter)[] ownedCollections, IProperty? generatedKey)
        {
            _command = command;
            _entityType = entityType;
            _columns = columns;
            _ownedCollections = ownedCollections;
            _generatedKey = generatedKey;
        }

        public static InsertStatement For(DbContext db, IEntityType entityType, DbTransaction transaction)
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

            var sql = db.GetService<ISqlGenerationHelper>();
            var columns = properties
                .Select((p, i) => (Property: p, Mapping: p.GetRelationalTypeMapping(), Getter: p.GetGetter(), Parameter: "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .ToArray();
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText =
                $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) " +
                $"VALUES ({string.Join(", ", columns.Select(c => c.Parameter))})";
            foreach (var (property, mapping, _, parameter) in columns)
            {
                command.Parameters.Add(mapping.CreateParameter(command, parameter, null, property.IsNullable));
            }

            command.Prepare();
            var ownedCollections = entityType.GetNavigations()
                .Where(n => n.IsCollection && n.TargetEntityType.IsOwned())
                .Select(n => (n, n.GetGetter()))
                .ToArray();
            return new InsertStatement(command, entityType, columns, ownedCollections, generated);
        }

        public async Task InsertAsync(object entity, CancellationToken cancellationToken)
        {
            foreach (var (navigation, getter) in _ownedCollections)
            {
                if (getter.GetClrValueUsingContainingEntity(entity) is IEnumerable owned && owned.GetEnumerator().MoveNext())
                {
                    throw new NotSupportedException($"{_entityType.DisplayName()}.{navigation.Name} has rows, which this does not write.");
                }
            }

            for (var i = 0; i < _columns.Length; i++)
            {
                var (property, mapping, getter, parameter) = _columns[i];

                // A parameter made by the type mapping for each value, as EF Core makes it (conversion, SQLite type and all);
                // the statement stays prepared, since only its command text would undo that.
                _command.Parameters[i] = mapping.CreateParameter(_command, parameter, getter.GetClrValueUsingContainingEntity(entity), property.IsNullable);
            }

            if (await _command.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new InvalidOperationException($"Inserting a {_entityType.DisplayName()} wrote no row.");
            }

            if (_generatedKey is not null)
            {
                // A key SQLite numbers is an INTEGER PRIMARY KEY, which is the row's rowid: read from the connection
                // rather than through a RETURNING clause, whose result set cost each outbox row as much again as its insert.
                var rowId = raw.sqlite3_last_insert_rowid(((SqliteConnection)_command.Connection!).Handle);
                var value = Convert.ChangeType(rowId, _generatedKey.ClrType, System.Globalization.CultureInfo.InvariantCulture);
                if (_generatedKey.PropertyInfo is { CanWrite: true } property)
                {
                    property.SetValue(entity, value);
                }
                else
                {
                    (_generatedKey.FieldInfo ?? throw new NotSupportedException($"{_entityType.DisplayName()}.{_generatedKey.Name} cannot be set.")).SetValue(entity, value);
                }
            }
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }
}
