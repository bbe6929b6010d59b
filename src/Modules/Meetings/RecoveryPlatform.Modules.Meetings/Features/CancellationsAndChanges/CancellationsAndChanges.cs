using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features.CancellationsAndChanges;

/// <summary>One occurrence that will not take place, e.g. Christmas Day.</summary>
/// <param name="Date">The local date of the occurrence, as the schedule gives it.</param>
/// <param name="Note">Shown to people, e.g. "Hall closed for Christmas".</param>
[ValidatedAs(typeof(AddMeetingExceptionCommand))]
internal sealed record CancellationRequest(DateOnly? Date, string? Note);

/// <summary>One occurrence that takes place differently: another time, length, venue or formats, on the same date. A change needs at least one of startTime, durationMinutes, venueId or formats.</summary>
/// <param name="Date">The local date of the occurrence, as the schedule gives it.</param>
/// <param name="StartTime">The new local start time, HH:mm.</param>
/// <param name="DurationMinutes">The new length in minutes (1 to 1440).</param>
/// <param name="VenueId">The venue (of the same organisation) it moves to.</param>
/// <param name="Note">Shown to people, e.g. "Speaker meeting for Christmas Eve".</param>
/// <param name="Formats">
/// The formats that date has, codes of the organisation's vocabulary: they replace the meeting's formats (and its
/// week of the month's) on that date only, e.g. ["SP"] for a speaker meeting on Christmas Eve.
/// </param>
[ValidatedAs(typeof(AddMeetingExceptionCommand))]
internal sealed record ChangeRequest(DateOnly? Date, string? StartTime, int? DurationMinutes, Guid? VenueId, string? Note, IReadOnlyList<string>? Formats = null);

internal sealed record AddMeetingExceptionCommand(
    Guid MeetingId, DateOnly? Date, bool IsCancellation, string? StartTime, int? DurationMinutes, Guid? VenueId, string? Note, IReadOnlyList<string>? Formats = null)
    : ICommand<VersionedMeeting>;

internal sealed class AddMeetingExceptionValidator : AbstractValidator<AddMeetingExceptionCommand>
{
    public AddMeetingExceptionValidator()
    {
        RuleFor(c => c.Date).NotNull().WithinSupportedCalendar().OverridePropertyName("date");
        RuleFor(c => c.Note).MaximumLength(Meeting.NotesMaxLength).OverridePropertyName("note");
        RuleFor(c => c.DurationMinutes).InclusiveBetween(1, 1440).OverridePropertyName("durationMinutes");
        RuleFor(c => c.StartTime).MatchesPattern(MeetingTimes.Pattern, MeetingTimes.IsTime, MeetingTimes.Message).OverridePropertyName("startTime");
        RuleFor(c => c).Must(c => c.StartTime is not null || c.DurationMinutes is not null || c.VenueId is not null || c.Formats is not null).When(c => !c.IsCancellation)
            .OverridePropertyName("startTime").WithMessage("A change needs a new startTime, durationMinutes, venueId or formats.");
        RuleFor(c => c.Formats).Must(f => f!.Count <= MeetingRules.MaxFormats).When(c => c.Formats is not null)
            .OverridePropertyName("formats").WithMessage($"At most {MeetingRules.MaxFormats} codes.");
        RuleForEach(c => c.Formats).NotEmpty().MaximumLength(FormatCode.CodeMaxLength).OverridePropertyName("formats");
    }
}

internal sealed class AddMeetingExceptionHandler(MeetingsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<AddMeetingExceptionCommand, VersionedMeeting>
{
    public async ValueTask<VersionedMeeting> Handle(AddMeetingExceptionCommand command, CancellationToken cancellationToken)
    {
        var meeting = await MeetingAccess.LoadEditableAsync(db, callers.Caller, command.MeetingId, cancellationToken);
        var date = command.Date!.Value;
        MeetingTimes.TryParse(command.StartTime, out var start);
        var exception = command.IsCancellation
            ? MeetingException.Cancellation(date, command.Note)
            : MeetingException.Change(
                date, command.StartTime is null ? null : start, command.DurationMinutes, command.VenueId, command.Note,
                command.Formats is null ? null : MeetingRules.FormatCodes(command.Formats));

        if (command.VenueId is not null || exception.NewFormats is not null)
        {
            await MeetingAccess.EnsureReferencesAsync(db, sender, meeting.OrganisationId, command.VenueId, exception.NewFormats ?? [], cancellationToken);
        }

        // The engine is the judge: the date must be one the schedule has, and the change must make sense.
        var exceptions = meeting.Exceptions.Where(e => e.Date != date).Append(exception);
        if (!MeetingSchedule.TryCreate(meeting.ScheduleWith(exceptions), out _, out var problems))
        {
            throw new ValidationException(problems.Select(p => new ValidationFailure(p.Field.StartsWith("Overrides", StringComparison.Ordinal) ? "date" : "durationMinutes", p.Message)));
        }

        var now = clock.GetUtcNow();
        meeting.SetException(exception, now);
        db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, ChangeAction.Updated));
        return new VersionedMeeting(MeetingResponse.From(meeting, now), meeting.Version);
    }
}

internal sealed record RemoveMeetingExceptionCommand(Guid MeetingId, DateOnly Date) : ICommand<VersionedMeeting>;

internal sealed class RemoveMeetingExceptionValidator : AbstractValidator<RemoveMeetingExceptionCommand>
{
    public RemoveMeetingExceptionValidator() => RuleFor(c => c.Date).WithinSupportedCalendar().OverridePropertyName("date");
}

internal sealed class RemoveMeetingExceptionHandler(MeetingsDbContext db, ICallerAccessor callers, TimeProvider clock) : ICommandHandler<RemoveMeetingExceptionCommand, VersionedMeeting>
{
    public async ValueTask<VersionedMeeting> Handle(RemoveMeetingExceptionCommand command, CancellationToken cancellationToken)
    {
        var meeting = await MeetingAccess.LoadEditableAsync(db, callers.Caller, command.MeetingId, cancellationToken);
        var now = clock.GetUtcNow();
        if (!meeting.RemoveException(command.Date, now))
        {
            throw new NotFoundException("Exception", command.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, ChangeAction.Updated));

        return new VersionedMeeting(MeetingResponse.From(meeting, now), meeting.Version);
    }
}

internal static class MeetingExceptionEndpoints
{
    public static void Map(IEndpointRouteBuilder meetings)
    {
        meetings.MapPost("/{id:guid}/cancellations", async (Guid id, CancellationRequest request, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
                await Send(new AddMeetingExceptionCommand(id, request.Date, true, null, null, null, request.Note), sender, response, cancellationToken))
            .WithName("CancelMeetingOccurrence")
            .WithSummary("Cancel one occurrence")
            .WithDescription("The occurrence on that local date will not take place; searches and feeds leave it out. The date must be one the schedule has. Cancelling the same date again replaces the note.")
            .WithRequestExample(new CancellationRequest(new DateOnly(2026, 12, 25), "Hall closed on Christmas Day."))
            .WithConventions();

        meetings.MapPost("/{id:guid}/changes", async (Guid id, ChangeRequest request, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
                await Send(new AddMeetingExceptionCommand(id, request.Date, false, request.StartTime, request.DurationMinutes, request.VenueId, request.Note, request.Formats), sender, response, cancellationToken))
            .WithName("ChangeMeetingOccurrence")
            .WithSummary("Change one occurrence")
            .WithDescription("The occurrence on that local date takes place at another time, for another length, at another venue of the same organisation, or with other formats (they replace the meeting's formats on that date only, e.g. a speaker meeting on Christmas Eve). The date must be one the schedule has. Changing the same date again replaces the change.")
            .WithRequestExample(new ChangeRequest(new DateOnly(2026, 12, 24), "18:00", 60, null, "Speaker meeting and an early finish on Christmas Eve.", ["O", "SP"]))
            .WithConventions();

        meetings.MapDelete("/{id:guid}/exceptions/{date}", async (Guid id, DateOnly date, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var updated = await sender.Send(new RemoveMeetingExceptionCommand(id, date), cancellationToken);
                ConcurrencyHeaders.SetETag(response, updated.ETag);
                return TypedResults.Ok(updated.Meeting);
            })
            .WithName("RemoveMeetingException")
            .WithSummary("Undo a cancellation or change")
            .WithDescription("The occurrence on that date goes back to the usual schedule.")
            .RequireAuthorization(Policies.Editor)
            .Produces<MeetingResponse>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
    }

    private static async Task<IResult> Send(AddMeetingExceptionCommand command, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var updated = await sender.Send(command, cancellationToken);
        ConcurrencyHeaders.SetETag(response, updated.ETag);
        return TypedResults.Ok(updated.Meeting);
    }

    private static RouteHandlerBuilder WithConventions(this RouteHandlerBuilder builder) =>
        builder
            .RequireAuthorization(Policies.Editor)
            .Produces<MeetingResponse>()
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems();
}
