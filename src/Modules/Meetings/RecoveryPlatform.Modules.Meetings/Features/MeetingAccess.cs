using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features;

internal static class MeetingAccess
{
    private static readonly Role[] DirectoryRoles = [Role.Editor, Role.OrgAdmin];

    public static async Task<Meeting> LoadEditableAsync(MeetingsDbContext db, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        return meeting is not null && caller.HasRoleIn(meeting.OrganisationId, DirectoryRoles)
            ? meeting
            : throw new NotFoundException("Meeting", id);
    }

    /// <summary>The group a new meeting belongs to, which the caller must be able to edit; anyone else's group is "not found".</summary>
    public static async Task<GroupSummary> EditableGroupAsync(ISender sender, Caller caller, Guid groupId, CancellationToken cancellationToken)
    {
        var groups = await sender.Send(new GetGroupSummariesQuery([groupId]), cancellationToken);
        return groups.TryGetValue(groupId, out var group) && caller.HasRoleIn(group.OrganisationId, DirectoryRoles)
            ? group
            : throw new NotFoundException("Group", groupId);
    }

    /// <summary>Checks what a meeting refers to: a venue of its own organisation still in use, and format codes of its vocabulary.</summary>
    public static async Task EnsureReferencesAsync(MeetingsDbContext db, ISender sender, Guid organisationId, Guid? venueId, IReadOnlyCollection<string> formats, CancellationToken cancellationToken)
    {
        if (venueId is { } id)
        {
            var venues = await sender.Send(new GetVenueSummariesQuery([id]), cancellationToken);
            if (!venues.TryGetValue(id, out var venue) || venue.OrganisationId != organisationId)
            {
                throw new BusinessRuleException("The venue does not exist or belongs to another organisation.");
            }

            if (venue.IsArchived)
            {
                throw new BusinessRuleException("The venue is archived.");
            }
        }

        await EnsureFormatsKnownAsync(db, organisationId, [("formats", formats)], cancellationToken);
    }

    /// <summary>
    /// Checks that every code is in the organisation's format vocabulary, in one read for all the lists; a list
    /// with unknown codes is a validation failure against its own field (e.g. schedule.formatsByWeekOfMonth[0].formats).
    /// </summary>
    public static async Task EnsureFormatsKnownAsync(
        MeetingsDbContext db, Guid organisationId, IReadOnlyList<(string Field, IReadOnlyCollection<string> Codes)> lists, CancellationToken cancellationToken)
    {
        var codes = lists.SelectMany(l => l.Codes).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0)
        {
            return;
        }

        var known = (await db.FormatCodes.Where(f => f.OrganisationId == organisationId && codes.Contains(f.Code)).Select(f => f.Code).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var failures = lists
            .Select(l => (l.Field, Unknown: l.Codes.Where(c => !known.Contains(c)).ToList()))
            .Where(l => l.Unknown.Count > 0)
            .Select(l => new ValidationFailure(l.Field, $"Not in this organisation's format vocabulary: {string.Join(", ", l.Unknown)}."))
            .ToList();
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }
    }

    /// <summary>The format codes of a meeting's formats by week of the month, each list named by its field.</summary>
    public static IReadOnlyList<(string Field, IReadOnlyCollection<string> Codes)> WeekFormatLists(MeetingDetails details) =>
        [.. details.Schedule.FormatsByWeekOfMonth.Select((f, index) => ($"schedule.formatsByWeekOfMonth[{index}].formats", (IReadOnlyCollection<string>)[.. f.Formats]))];

    /// <summary>
    /// Refuses an external id another meeting of the organisation already has (409, naming the id and that meeting),
    /// so an import can match each source row to one meeting. The unique index catches a write racing this one.
    /// </summary>
    public static async Task EnsureExternalIdFreeAsync(MeetingsDbContext db, Guid organisationId, string? externalId, Guid? meetingId, CancellationToken cancellationToken)
    {
        if (externalId is null)
        {
            return;
        }

        var holder = await db.Meetings.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.ExternalId == externalId && m.Id != meetingId)
            .Select(m => (Guid?)m.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (holder is { } other)
        {
            var conflict = new ConflictException($"Another meeting of this organisation already has externalId '{externalId}'.");
            conflict.Extensions["externalId"] = externalId;
            conflict.Extensions["meetingId"] = other;
            throw conflict;
        }
    }

    /// <summary>The organisations whose meetings the public may see: active ones.</summary>
    public static async Task<bool> IsOrganisationActiveAsync(ISender sender, Guid organisationId, CancellationToken cancellationToken) =>
        await sender.Send(new GetOrganisationSummaryByIdQuery(organisationId), cancellationToken) is { Status: OrganisationStatus.Active };
}
