using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
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
        db.Outbox.Add(new MeetingChanged(meeting.Id));
        return new VersionedMeeting(MeetingResponse.From(meeting, now), meeting.Version);
    }
}

internal static class UpdateMeetingEndpoints
{
    public static void Map(IEndpointRouteBuilder meetings)
    {
        meetings.MapPut("/{id:guid}", async (Guid id, MeetingRequest request, ISender sender, HttpRequest http, HttpResponse response, CancellationToken cancellationToken) =>
                await Update(id, request, ConcurrencyHeaders.RequireIfMatch(http), sender, response, cancellationToken))
            .WithName("ReplaceMeeting")
            .WithSummary("Replace a meeting's details")
            .WithDescription("Editors and organisation admins of the owner, and platform admins. Requires If-Match. groupId cannot change. Exceptions on dates the new schedule no longer has are dropped.")
            .WithRequestExample(MeetingExamples.Create)
            .WithWriteConventions();

        meetings.MapPatch("/{id:guid}", async (Guid id, JsonObject patch, ISender sender, HttpRequest http, HttpResponse response, IOptions<JsonOptions> json, CancellationToken cancellationToken) =>
            {
                var expectedVersion = ConcurrencyHeaders.RequireIfMatch(http);
                var current = await sender.Send(new GetMeetingQuery(id), cancellationToken);
                var writable = MeetingRequest.From(current.Meeting);

                // endTime and durationMinutes say the same thing two ways: a patch giving only endTime replaces the length.
                if (patch["schedule"] is JsonObject schedule && schedule.ContainsKey("endTime") && !schedule.ContainsKey("durationMinutes"))
                {
                    writable = writable with { Schedule = writable.Schedule! with { DurationMinutes = null } };
                }

                var request = MergePatchRequest.Apply(writable, patch, json.Value.SerializerOptions);
                return await Update(id, request, expectedVersion, sender, response, cancellationToken);
            })
            .Accepts<JsonObject>(JsonMergePatch.MediaType, "application/json")
            .WithName("PatchMeeting")
            .WithSummary("Change some of a meeting's details")
            .WithDescription("JSON Merge Patch (RFC 7396); validated like PUT. Example: move the start to 19:00 with {\"schedule\":{\"startTime\":\"19:00\"}}.")
            .WithRequestExample(new { schedule = new { startTime = "19:00" }, formats = new[] { "O", "D" } })
            .WithWriteConventions();
    }

    private static async Task<Ok<MeetingResponse>> Update(Guid id, MeetingRequest request, IfMatch? expectedVersion, ISender sender, HttpResponse response, CancellationToken cancellationToken)
    {
        var updated = await sender.Send(new UpdateMeetingCommand(id, expectedVersion, request), cancellationToken);
        ConcurrencyHeaders.SetETag(response, updated.ETag);
        return TypedResults.Ok(updated.Meeting);
    }

    private static RouteHandlerBuilder WithWriteConventions(this RouteHandlerBuilder builder) =>
        builder
            .RequireAuthorization(Policies.Editor)
            .Produces<MeetingResponse>()
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesConcurrencyProblems()
            .ProducesCommonProblems();
}
