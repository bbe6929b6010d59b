using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.SharedKernel.Persistence;

/// <summary>
/// One database transaction that the commands of several modules join, for work that must happen whole
/// or not at all across them (an import creates venues, groups and meetings). The modules share one
/// database, so this is an ordinary transaction on one connection: each module's unit of work still
/// writes only its own tables through its own context, sent through the mediator as always, but saves
/// into this transaction instead of committing its own. Nothing is visible to anyone else until
/// <see cref="RunAsync{T}"/> commits, and a crash before then leaves nothing behind.
/// </summary>
/// <remarks>Scoped: one per unit of work that spans modules. Nothing joins it unless it is running.</remarks>
public sealed class CrossModuleTransaction(ChangeLogProgress changeLog)
{
    private readonly Dictionary<string, (long Sequence, bool ToDeliver)> _committedEvents = new(StringComparer.Ordinal);
    private DbConnection? _connection;
    private DbTransaction? _transaction;

    /// <summary>True while work runs inside it: module units of work then join it instead of committing their own.</summary>
    public bool IsRunning => _transaction is not null;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction opened on <paramref name="owner"/>'s connection (the owner's own
    /// changes, like every module's, are saved by commands sent through the mediator), and commits
    /// it when <paramref name="commit"/> says so for the outcome (a dry run rolls everything back). On SQL Server
    /// a transient failure runs the whole work again from the start, in a new transaction.
    /// </summary>
    public async Task<T> RunAsync<T>(ModuleDbContext owner, Func<CancellationToken, Task<T>> work, Func<T, bool> commit, CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("A cross-module transaction is already running in this scope.");
        }

        var strategy = owner.Database.CreateExecutionStrategy();
        var (outcome, committed) = await strategy.ExecuteAsync(
            async ct =>
            {
                _committedEvents.Clear();
                owner.ChangeTracker.Clear();
                await using var transaction = await owner.Database.BeginTransactionAsync(ct);
                _connection = owner.Database.GetDbConnection();
                _transaction = transaction.GetDbTransaction();
                try
                {
                    var result = await work(ct);
                    var shouldCommit = commit(result);
                    if (shouldCommit)
                    {
                        await transaction.CommitAsync(ct);
                    }
                    else
                    {
                        await transaction.RollbackAsync(ct);
                    }

                    return (result, shouldCommit);
                }
                finally
                {
                    _transaction = null;
                    _connection = null;
                }
            },
            cancellationToken);

        if (committed)
        {
            // As a unit of work does after its own commit: wake the followers, and read our own writes.
            foreach (var (module, (sequence, toDeliver)) in _committedEvents)
            {
                await changeLog.CommittedAsync(module, sequence, toDeliver, waitForDelivery: true);
            }
        }

        _committedEvents.Clear();
        return outcome;
    }

    /// <summary>Puts <paramref name="db"/> on this transaction's connection and transaction (once per context).</summary>
    internal async Task JoinAsync(ModuleDbContext db, CancellationToken cancellationToken)
    {
        if (_transaction is null || _connection is null)
        {
            throw new InvalidOperationException("No cross-module transaction is running.");
        }

        if (db.Database.CurrentTransaction?.GetDbTransaction() == _transaction)
        {
            return;
        }

        if (!ReferenceEquals(db.Database.GetDbConnection(), _connection))
        {
            db.Database.SetDbConnection(_connection, contextOwnsConnection: false);
        }

        await db.Database.UseTransactionAsync(_transaction, cancellationToken);
    }

    /// <summary>A module saved events up to <paramref name="sequence"/> into this transaction: told to the change log after commit.</summary>
    internal void Saved(string module, long sequence, bool toDeliver)
    {
        var before = _committedEvents.GetValueOrDefault(module);
        _committedEvents[module] = (Math.Max(before.Sequence, sequence), before.ToDeliver || toDeliver);
    }
}
