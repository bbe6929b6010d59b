using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.SharedKernel.Imports;

/// <summary>
/// Saves a bulk import's changes into its transaction every <see cref="Size"/> changed rows and forgets them
/// (<see cref="IUnitOfWork.SaveProgressAsync"/>): a 100,000-meeting
/// import then holds a thousand rows at a time, not every row, its events and its audit entries until the end. New
/// rows are handed over with <see cref="Created"/> rather than added to the context, so they are written in bulk.
/// Call <see cref="SaveWhenFullAsync"/> before the next row's work starts, so no row is half in one slice and half in
/// the next, and <see cref="SaveAsync"/> when the last row is done.
/// </summary>
public sealed class ImportSlices(IUnitOfWork unitOfWork, int size = ImportSlices.DefaultSize)
{
    public const int DefaultSize = 1_000;

    private readonly List<object> _created = [];
    private int _changedSinceSave;

    public int Size { get; } = size;

    /// <summary>A new row of the current slice, written when the slice is saved.</summary>
    public void Created(object row)
    {
        _created.Add(row);
        _changedSinceSave++;
    }

    /// <summary>
    /// Call before changing <paramref name="entity"/> (an update, a closure): it is counted in the current slice and
    /// tracked again if it is not — read untracked, or saved with an earlier slice (whose save forgot it), it would
    /// otherwise change in memory only.
    /// </summary>
    public void Changing<TEntity>(DbContext db, TEntity entity)
        where TEntity : class
    {
        if (db.Entry(entity).State == EntityState.Detached)
        {
            db.Attach(entity);
        }

        _changedSinceSave++;
    }

    public async ValueTask SaveWhenFullAsync(CancellationToken cancellationToken)
    {
        if (_changedSinceSave >= Size)
        {
            await SaveAsync(cancellationToken);
        }
    }

    /// <summary>Saves the current slice, full or not.</summary>
    public async ValueTask SaveAsync(CancellationToken cancellationToken)
    {
        await unitOfWork.SaveProgressAsync(_created, cancellationToken);
        _created.Clear();
        _changedSinceSave = 0;
    }
}
