using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Meetings.Features.GetMeeting;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.Occurrences;

/// <param name="MeetingId">The meeting.</param>
/// <param name="From">The start of the range (inclusive).</param>
/// <param name="To">The end of the range (exclusive); null for the default 28 days after <paramref name="From"/>.</param>
internal sealed record ListOccurrencesQuery(Guid MeetingId, DateTimeOffset From, DateTimeOffset? To) : IQuery<Tagged<IReadOnlyList<OccurrenceResponse>>>
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(28);

    /// <summary>Computed only once From is known to be in the supported calendar, where adding the default cannot overflow.</summary>
    public DateTimeOffset End => To ?? From + DefaultRange;
}

internal sealed class ListOccurrencesValidator : AbstractValidator<ListOccurrencesQuery>
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public ListOccurrencesValidator()
    {
        RuleFor(q => q.From).WithinSupportedCalendar().OverridePropertyName("from");
        RuleFor(q => q.To).WithinSupportedCalendar().OverridePropertyName("to");
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.To is not null).OverridePropertyName("to").WithMessage("Must be after from.");
        RuleFor(q => q.To).Must((q, to) => to - q.From <= MaxRange).When(q => q.To is not null).OverridePropertyName("to").WithMessage("At most 366 days at once.");
    }
}

internal sealed class ListOccurrencesHandler(VisibleMeetings meetings) : IQueryHandler<ListOccurrencesQuery, Tagged<IReadOnlyList<OccurrenceResponse>>>
{
    public async ValueTask<Tagged<IReadOnlyList<OccurrenceResponse>>> Handle(ListOccurrencesQuery query, CancellationToken cancellationToken)
    {
        var meeting = await meetings.GetAsync(query.MeetingId, cancellationToken);
        List<OccurrenceResponse> occurrences = meeting.Status == Domain.MeetingStatus.Closed || meeting.GroupClosedAt is not null
            ? []
            : meeting.Schedule.Occurrences(query.From, query.End).Select(o => OccurrenceResponse.From(o, meeting.Formats)).ToList();

        // The default range starts now, so the same meeting lists other occurrences as time passes: the tag
        // is made from the occurrences themselves (cheap: a few dozen at most), not from the meeting's version.
        var tag = new ETagBuilder().Add(occurrences.Count);
        foreach (var o in occurrences)
        {
            tag.Add(o.LocalDate.DayNumber).Add(o.StartsAt).Add(o.EndsAt).Add(o.LocalStart).Add(o.UtcOffset).Add(o.Changed).Add(o.VenueId).Add(o.Formats!.Count);
            foreach (var format in o.Formats)
            {
                tag.Add(format);
            }
        }

        return new Tagged<IReadOnlyList<OccurrenceResponse>>(occurrences, tag.Build());
    }
}

internal static class ListOccurrencesEndpoint
{
    public static void Map(IEndpointRouteBuilder meetings) =>
        meetings.MapGet("/{id:guid}/occurrences", async (Guid id, DateTimeOffset? from, DateTimeOffset? to, ISender sender, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var start = from ?? clock.GetUtcNow();
                var found = await sender.Send(new ListOccurrencesQuery(id, start, to), cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.ETag);
                return TypedResults.Ok(found.Value);
            })
            .WithName("ListMeetingOccurrences")
            .WithSummary("List a meeting's dated occurrences")
            .WithDescription("Occurrences starting in [from, to) (ISO 8601 instants from 1900 to 2999; default: the next 28 days), each with its UTC instant, local time and UTC offset, after cancellations and changes, and the formats it has (the meeting's, its week of the month's, or a one-off change's). Dates in weeks of the month the schedule skips (exceptWeeksOfMonth) are not listed. At most 366 days.")
            .AllowAnonymous()
            .Produces<IReadOnlyList<OccurrenceResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
