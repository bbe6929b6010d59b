using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// Keeps a module's outbox sequence in commit order, so the change log can be read by "everything after
/// the last number I saw" without ever skipping a row. SQLite gives this for free: one writer at a time
/// holds the database from its first write to its commit. SQL Server hands out identity values to
/// concurrent transactions that may commit in the other order, so a transaction that writes events
/// takes the module's outbox application lock first and holds it to its commit (ADR 0006).
/// </summary>
internal static class OutboxOrder
{
    /// <summary>How long a writer waits for the one before it; beyond that the write fails and is retried by its client.</summary>
    private const int LockTimeoutMilliseconds = 15_000;

    public static async Task TakeWriterTurnAsync(ModuleDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlServer())
        {
            return;
        }

        var resource = $"outbox:{db.Schema}";
        await db.Database.ExecuteSqlAsync(
            $"""
            DECLARE @result int;
            EXEC @result = sp_getapplock @Resource = {resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = {LockTimeoutMilliseconds};
            IF @result < 0 THROW 51000, 'Timed out waiting for the outbox of this module.', 1;
            """,
            cancellationToken);
    }
}
