using RecoveryPlatform.SharedKernel.Messaging;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Meetings.Features.CreateMeeting;
using RecoveryPlatform.Modules.Meetings.Features.GetMeeting;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features.UpdateMeeting;

internal sealed record UpdateMeetingCommand(Guid Id, IfMatch? ExpectedVersion, MeetingRequest Meeting) : ICommand<VersionedMeeting>, IMeetingFields;

internal sealed class UpdateMeetingValidator : AbstractValidator<UpdateMeetingCommand>
{
    public UpdateMeetingValidator() => this.ValidateMeetingFields();
}

internal sealed class UpdateMeetingHandler(MeetingsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<UpdateMeetingCommand, VersionedMeeting>
{
    public async ValueTask<VersionedMeeting> Handle(UpdateMeetingCommand command, CancellationToken cancellationToken)
    {
        var meeting = await MeetingAccess.LoadEditableAsync(db, callers.Caller, command.Id, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, meeting.Version);
        var details = MeetingDetailsFactory.From(command.Meeting);
        await MeetingAccess.EnsureReferencesAsync(db, sender, meeting.OrganisationId, details.VenueId, details.Formats, cancellationToken);
        await MeetingAccess.EnsureFormatsKnownAsync(db, meeting.OrganisationId, MeetingAccess.WeekFormatLists(details), cancellationToken);
        await MeetingAccess.EnsureExternalIdFreeAsync(db, meeting.OrganisationId, details.ExternalId, meeting.Id, cancellationToken);

        // The meeting keeps the exceptions whose dates the new schedule still has; together they must
        // still be able to occur (a window left with only cancelled dates cannot).
        var kept = meeting.Exceptions.Where(e => details.Schedule.Recurrence.OccursOn(e.Date) && details.Schedule.IsWithinValidity(e.Date));
        if (!MeetingSchedule.TryCreate(details.Schedule with { Overrides = kept.Select(e => e.ToOverride()).ToList() }, out _, out var problems))
        {
            throw new ValidationException(problems.Select(p => new ValidationFailure(MeetingRules.FieldName(p.Field), p.Message)));
        }

        // The group is fixed at creation: moving a meeting between groups (and so perhaps organisations) is not an edit.
        var now = clock.GetUtcNow();
        meeting.Update(details, now);
        db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, ChangeAction.Updated));
        return new VersionedMeeting(MeetingResponse.From(meeting, now), meeting.Version);
    }
}

internal static class UpdateMeetingEndpoints
{
    public static void Map(IEndpointRouteBuilder meetings)
    {
        meetings.MapPut("/{id:guid}", (Guid id, MeetingRequest request, HttpContext http) => VersionedResources.ReplaceAsync(id, request, http, Replace))
            .WithName("ReplaceMeeting")
            .WithSummary("Replace a meeting's details")
            .WithDescription("Editors and organisation admins of the owner, and platform admins. Requires If-Match. groupId cannot change. Exceptions on dates the new schedule no longer has are dropped.")
            .WithRequestExample(MeetingExamples.Create)
            .WithVersionedWriteConventions<MeetingResponse>(Policies.Editor)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        meetings.MapPatch("/{id:guid}", (Guid id, JsonObject patch, HttpContext http) => VersionedResources.MergePatchAsync(id, patch, http, ReadWritable, Replace, LengthFromEndTime))
            .AcceptsMergePatch()
            .WithName("PatchMeeting")
            .WithSummary("Change some of a meeting's details")
            .WithDescription("JSON Merge Patch (RFC 7396); validated like PUT. Example: move the start to 19:00 with {\"schedule\":{\"startTime\":\"19:00\"}}.")
            .WithRequestExample(new { schedule = new { startTime = "19:00" }, formats = new[] { "O", "D" } })
            .WithVersionedWriteConventions<MeetingResponse>(Policies.Editor)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async ValueTask<Tagged<MeetingResponse>> Replace(Guid id, MeetingRequest request, IfMatch expected, ISender sender, CancellationToken cancellationToken)
    {
        var updated = await sender.Send(new UpdateMeetingCommand(id, expected, request), cancellationToken);
        return new Tagged<MeetingResponse>(updated.Meeting, updated.ETag);
    }

    private static async ValueTask<MeetingRequest> ReadWritable(Guid id, ISender sender, CancellationToken cancellationToken) =>
        MeetingRequest.From((await sender.Send(new GetMeetingQuery(id), cancellationToken)).Meeting);

    /// <summary>endTime and durationMinutes say the same thing two ways: a patch giving only endTime replaces the length.</summary>
    private static MeetingRequest LengthFromEndTime(MeetingRequest current, JsonObject patch) =>
        patch["schedule"] is JsonObject schedule && schedule.ContainsKey("endTime") && !schedule.ContainsKey("durationMinutes")
            ? current with { Schedule = current.Schedule! with { DurationMinutes = null } }
            : current;
}
