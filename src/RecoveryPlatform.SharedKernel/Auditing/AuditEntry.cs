using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RecoveryPlatform.SharedKernel.Identifiers;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.SharedKernel.Auditing;

/// <summary>An entity whose every change is audited, and the organisation whose data it is.</summary>
public interface IAuditable
{
    Guid Id { get; }

    /// <summary>The organisation the record belongs to; null for platform-wide records.</summary>
    Guid? AuditOrganisationId { get; }
}

/// <summary>
/// One change to one record: who (credential id, never a name), which organisation, what (entity,
/// id, action), when, and the request's correlation id. Append-only; no field values, so no
/// personal data ever lands here.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public string Actor { get; private set; } = string.Empty;

    public Guid? OrganisationId { get; private set; }

    public string EntityType { get; private set; } = string.Empty;

    public Guid EntityId { get; private set; }

    public string Action { get; private set; } = string.Empty;

    public string? CorrelationId { get; private set; }

    public static AuditEntry Record(IAuditable entity, string action, string actor, DateTimeOffset now, string? correlationId) =>
        new()
        {
            Id = Guids.NewVersion7(now),
            OccurredAt = now,
            Actor = actor,
            OrganisationId = entity.AuditOrganisationId,
            EntityType = JsonNamingPolicy.KebabCaseLower.ConvertName(entity.GetType().Name),
            EntityId = entity.Id,
            Action = action,
            CorrelationId = correlationId,
        };
}

/// <summary>
/// Adds an audit entry for every audited record a save creates, changes or deletes — inside the same
/// save, so a change and its audit entry commit or fail together.
/// </summary>
public sealed class AuditingInterceptor(ICallerAccessor callers, TimeProvider clock) : SaveChangesInterceptor
{
    /// <summary>The action of an entry for a new record.</summary>
    public const string Created = "created";

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    private void Record(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var changes = context.ChangeTracker.Entries<IAuditable>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        foreach (var group in changes.GroupBy(c => c.State))
        {
            var action = group.Key switch
            {
                EntityState.Added => Created,
                EntityState.Deleted => "deleted",
                _ => "updated",
            };
            context.AddRange(EntriesFor(group.Select(c => c.Entity), action));
        }
    }

    /// <summary>The entries for records changed outside EF Core's change tracker (rows inserted in bulk), by the caller of this scope.</summary>
    public IEnumerable<AuditEntry> EntriesFor(IEnumerable<IAuditable> entities, string action)
    {
        var actor = callers.Caller.CredentialId ?? "anonymous";
        var now = clock.GetUtcNow();
        var correlationId = Activity.Current?.TraceId.ToString();
        return entities.Select(entity => AuditEntry.Record(entity, action, actor, now, correlationId));
    }
}

/// <summary>Which audit entries to read.</summary>
public sealed record AuditFilter(Guid? OrganisationId, string? EntityType, Guid? EntityId, string? Actor, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>One module's audit trail, read by the audit endpoint, which merges every module's.</summary>
public interface IModuleAuditTrail
{
    Task<int> CountAsync(AuditFilter filter, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="take"/> entries matching the filter, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> NewestAsync(AuditFilter filter, int take, CancellationToken cancellationToken);
}

public sealed class ModuleAuditTrail<TContext>(TContext db) : IModuleAuditTrail
    where TContext : DbContext
{
    public Task<int> CountAsync(AuditFilter filter, CancellationToken cancellationToken) => Matching(filter).CountAsync(cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> NewestAsync(AuditFilter filter, int take, CancellationToken cancellationToken) =>
        await Matching(filter).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);

    private IQueryable<AuditEntry> Matching(AuditFilter filter)
    {
        var entries = db.Set<AuditEntry>().AsNoTracking();
        if (filter.OrganisationId is { } organisationId)
        {
            entries = entries.Where(e => e.OrganisationId == organisationId);
        }

        if (filter.EntityType is { } entityType)
        {
            entries = entries.Where(e => e.EntityType == entityType);
        }

        if (filter.EntityId is { } entityId)
        {
            entries = entries.Where(e => e.EntityId == entityId);
        }

        if (filter.Actor is { } actor)
        {
            entries = entries.Where(e => e.Actor == actor);
        }

        if (filter.From is { } from)
        {
            entries = entries.Where(e => e.OccurredAt >= from);
        }

        if (filter.To is { } to)
        {
            entries = entries.Where(e => e.OccurredAt < to);
        }

        return entries;
    }
}
