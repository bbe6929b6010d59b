using Microsoft.EntityFrameworkCore;

namespace RecoveryPlatform.SharedKernel.Persistence;

/// <summary>Runs a piece of work in one transaction on a module's database and saves it.</summary>
public interface IUnitOfWork
{
    Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken);
}

/// <summary>Each module registers its unit of work under its assembly's name, so a command finds its own module's database.</summary>
public static class UnitOfWorkKeys
{
    public static string For(Type messageOrModuleType) => messageOrModuleType.Assembly.GetName().Name!;
}

public sealed class ModuleUnitOfWork<TContext>(TContext db, AfterCommit afterCommit) : IUnitOfWork
    where TContext : DbContext
{
    public Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        // The execution strategy may retry the whole unit on a transient SQL Server fault; each
        // attempt starts from a clean change tracker so nothing from a failed attempt leaks in.
        var strategy = db.Database.CreateExecutionStrategy();
        var committed = strategy.ExecuteAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                afterCommit.Discard();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            },
            cancellationToken);
        return RunAfterCommitAsync(committed, cancellationToken);
    }

    private async Task<T> RunAfterCommitAsync<T>(Task<T> committed, CancellationToken cancellationToken)
    {
        T result;
        try
        {
            result = await committed;
        }
        catch
        {
            afterCommit.Discard();
            throw;
        }

        await afterCommit.RunAsync(cancellationToken);
        return result;
    }
}
