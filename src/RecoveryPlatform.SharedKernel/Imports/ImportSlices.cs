using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.SharedKernel.Imports;

/// <summary>
/// Saves a bulk import's changes into its transaction every <see cref="Size"/> changed rows and forgets them
/// (<see cref="IUnitOfWork.SaveProgressAsync"/>): a 100,000-meeting import then holds a thousand tracked rows at a time,
/// not every row, its events and its audit entries until the end. Call <see cref="SaveWhenFullAsync"/> before the
/// next row's work starts, so no row is half in one slice and half in the next.
/// </summary>
public sealed class ImportSlices(IUnitOfWork unitOfWork, int size = ImportSlices.DefaultSize)
{
    public const int DefaultSize = 1_000;

    private int _changedSinceSave;

    public int Size { get; } = size;

    /// <summary>A row was created, changed or closed in the current slice.</summary>
    public void Changed() => _changedSinceSave++;

    /// <summary>
    /// Tracks <paramref name="entity"/> before it is changed: read untracked, or saved with an earlier slice (whose save
    /// forgot it), it would otherwise change in memory only.
    /// </summary>
    public static void TrackForChange<TEntity>(DbContext db, TEntity entity)
        where TEntity : class
    {
        if (db.Entry(entity).State == EntityState.Detached)
        {
            db.Attach(entity);
        }
    }

    public async ValueTask SaveWhenFullAsync(CancellationToken cancellationToken)
    {
        if (_changedSinceSave >= Size)
        {
            await unitOfWork.SaveProgressAsync(cancellationToken);
            _changedSinceSave = 0;
        }
    }
}
