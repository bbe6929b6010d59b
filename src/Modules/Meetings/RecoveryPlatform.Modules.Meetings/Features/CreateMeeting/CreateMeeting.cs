using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features.CreateMeeting;

internal sealed record CreateMeetingCommand(MeetingRequest Meeting) : ICommand<VersionedMeeting>, IMeetingFields;

internal sealed class CreateMeetingValidator : AbstractValidator<CreateMeetingCommand>
{
    public CreateMeetingValidator()
    {
        RuleFor(c => c.Meeting.GroupId).NotNull().OverridePropertyName("groupId");
        this.ValidateMeetingFields();
    }
}

internal sealed class CreateMeetingHandler(MeetingsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<CreateMeetingCommand, VersionedMeeting>
{
    public async ValueTask<VersionedMeeting> Handle(CreateMeetingCommand command, CancellationToken cancellationToken)
    {
        var request = command.Meeting;
        var group = await MeetingAccess.EditableGroupAsync(sender, callers.Caller, request.GroupId!.Value, cancellationToken);
        var details = MeetingDetailsFactory.From(request);
        await MeetingAccess.EnsureReferencesAsync(db, sender, group.OrganisationId, details.VenueId, details.Formats, cancellationToken);
        await MeetingAccess.EnsureFormatsKnownAsync(db, group.OrganisationId, MeetingAccess.WeekFormatLists(details), cancellationToken);
        await MeetingAccess.EnsureExternalIdFreeAsync(db, group.OrganisationId, details.ExternalId, null, cancellationToken);

        var now = clock.GetUtcNow();
        var meeting = Meeting.Create(group.OrganisationId, group.Id, details, now);
        db.Meetings.Add(meeting);
        db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, ChangeAction.Created));
        return new VersionedMeeting(MeetingResponse.From(meeting, now), meeting.Version);
    }
}

/// <summary>Turns a validated request into domain details.</summary>
internal static class MeetingDetailsFactory
{
    public static MeetingDetails From(MeetingRequest request)
    {
        MeetingRules.TryBuildSchedule(request.Schedule!, [], out var schedule);
        return new MeetingDetails(
            request.Name!.Trim(),
            request.Description,
            request.Attendance!.Value,
            request.VenueId,
            request.Online?.Url?.Trim(),
            request.Online?.Phone?.Trim(),
            request.Online?.Notes,
            schedule!,
            request.Formats?.Select(f => f.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [],
            request.Languages?.Select(l => LanguageTag.TryNormalise(l, out var tag) ? tag : l).Distinct(StringComparer.Ordinal).ToList() ?? [],
            request.Status ?? MeetingStatus.Active,
            request.ResumesOn,
            string.IsNullOrWhiteSpace(request.LocationNotes) ? null : request.LocationNotes.Trim(),
            request.ExternalId,
            request.SourceUpdatedAt);
    }
}

internal static class CreateMeetingEndpoint
{
    public static void Map(IEndpointRouteBuilder meetings) =>
        meetings.MapPost("/", (MeetingRequest request, HttpContext http) => VersionedResources.CreateAsync(
                request,
                http,
                static async (request, sender, cancellationToken) =>
                {
                    var created = await sender.Send(new CreateMeetingCommand(request), cancellationToken);
                    return new Tagged<MeetingResponse>(created.Meeting, created.ETag);
                },
                static created => $"/api/v1/meetings/{created.Id}"))
            .WithName("CreateMeeting")
            .WithSummary("Create a meeting")
            .WithDescription("Editors and organisation admins of the group's organisation, and platform admins. The schedule is checked in the meeting's own time zone; a schedule that can never occur is refused. An externalId another meeting of the organisation has is a 409 naming that meeting.")
            .RequireAuthorization(Policies.Editor)
            .Produces<MeetingResponse>(StatusCodes.Status201Created)
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems()
            .WithRequestExample(MeetingExamples.Create)
            .WithResponseExample(MeetingExamples.Response, StatusCodes.Status201Created);
}

internal static class MeetingExamples
{
    public static readonly MeetingRequest Create = new(
        Guid.Parse("0193a0b0-0000-7000-8000-000000000001"),
        "Headingley Tuesday Big Book",
        "Newcomers welcome; tea from 19:15.",
        Attendance.Hybrid,
        Guid.Parse("0193a0b0-0000-7000-8000-000000000002"),
        new OnlineRequest("https://zoom.us/j/81234567890", null, "Passcode from the group secretary."),
        new ScheduleRequest(
            "Europe/London",
            "19:30",
            90,
            null,
            new RecurrenceRequest(RecurrenceKind.Weekly, DayOfWeek.Tuesday, null, null, null, [1]),
            null,
            null,
            [new WeekOfMonthFormatsRequest(5, ["O", "LIT"])]),
        ["O", "B"],
        ["en"],
        MeetingStatus.Active,
        null,
        "Room 3: ring the bell at the side door.",
        "headingley-tuesday-big-book",
        new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The meeting above as the API answers with it, late in November (GMT): not on the 1st Tuesday, so next on the 2nd.</summary>
    public static readonly MeetingResponse Response = new(
        Guid.Parse("0193a0b0-0000-7000-8000-000000000003"),
        Guid.Parse("0193a0b0-0000-7000-8000-0000000000a1"),
        Create.GroupId!.Value,
        Create.Name!,
        Create.Description,
        Attendance.Hybrid,
        Create.VenueId,
        Create.LocationNotes,
        Create.Online,
        new ScheduleResponse("Europe/London", "19:30", 90, "21:00", Create.Schedule!.Recurrence!, null, null, Create.Schedule.FormatsByWeekOfMonth!),
        [new ExceptionResponse(new DateOnly(2026, 12, 22), "cancellation", null, null, null, "Hall closed for Christmas.")],
        ["O", "B"],
        ["en"],
        MeetingStatus.Active,
        null,
        false,
        new OccurrenceResponse(
            new DateOnly(2026, 12, 8),
            new DateTimeOffset(2026, 12, 8, 19, 30, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 8, 21, 0, 0, TimeSpan.Zero),
            "2026-12-08T19:30",
            "+00:00",
            false,
            null,
            ["O", "B"]),
        new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero),
        Create.ExternalId,
        Create.SourceUpdatedAt,
        new DateTimeOffset(2026, 6, 2, 18, 40, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 26, 18, 40, 0, TimeSpan.Zero));
}
