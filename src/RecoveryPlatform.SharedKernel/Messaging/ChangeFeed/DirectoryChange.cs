namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>The kinds of directory record the public change feed reports (ADR 0013).</summary>
public enum ChangedEntity
{
    Organisation,
    Venue,
    Group,
    Meeting,
    Format,
}

/// <summary>What happened to a record, as the public directory sees it.</summary>
public enum ChangeAction
{
    /// <summary>The record entered the public directory: it was created (or, for an organisation, reactivated).</summary>
    Created,

    Updated,

    /// <summary>The record left the public directory: it was deleted (or, for an organisation, suspended). A tombstone.</summary>
    Deleted,
}

/// <summary>
/// An event that is also an entry of the public change feed: which record changed, whose it is, and how.
/// Implement <see cref="Entity"/> and <see cref="RecordId"/> explicitly, so they stay out of the stored JSON;
/// <see cref="OrganisationId"/> and <see cref="Action"/> are stored fields of the event.
/// </summary>
/// <remarks>
/// Rows recorded before these fields existed read back with them null: the feed reports such an entry as
/// <c>updated</c>, with no organisation (ADR 0013).
/// </remarks>
public interface IDirectoryChange : IIntegrationEvent
{
    ChangedEntity Entity { get; }

    Guid RecordId { get; }

    /// <summary>The organisation the record belongs to; null in rows recorded before the change feed.</summary>
    Guid? OrganisationId { get; }

    /// <summary>Null in rows recorded before the change feed.</summary>
    ChangeAction? Action { get; }
}
