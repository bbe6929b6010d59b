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
internal sealed record ListOccurrencesQuery(Guid MeetingId, DateTimeOffset From, DateTimeOffset? To) : IQuery<IReadOnlyList<OccurrenceResponse>>
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

internal sealed class ListOccurrencesHandler(VisibleMeetings meetings) : IQueryHandler<ListOccurrencesQuery, IReadOnlyList<OccurrenceResponse>>
{
    public async ValueTask<IReadOnlyList<OccurrenceResponse>> Handle(ListOccurrencesQuery query, CancellationToken cancellationToken)
    {
        var meeting = await meetings.GetAsync(query.MeetingId, cancellationToken);
        if (meeting.Status == Domain.MeetingStatus.Closed || meeting.GroupClosedAt is not null)
        {
            return [];
        }

        return meeting.Schedule.Occurrences(query.From, query.End).Select(OccurrenceResponse.From).ToList();
    }
}

internal static class ListOccurrencesEndpoint
{
    public static void Map(IEndpointRouteBuilder meetings) =>
        meetings.MapGet("/{id:guid}/occurrences", async (Guid id, DateTimeOffset? from, DateTimeOffset? to, ISender sender, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var start = from ?? clock.GetUtcNow();
                return TypedResults.Ok(await sender.Send(new ListOccurrencesQuery(id, start, to), cancellationToken));
            })
            .WithName("ListMeetingOccurrences")
            .WithSummary("List a meeting's dated occurrences")
            .WithDescription("Occurrences starting in [from, to) (ISO 8601 instants from 1900 to 2999; default: the next 28 days), each with its UTC instant, local time and UTC offset, after cancellations and changes. At most 366 days.")
            .AllowAnonymous()
            .Produces<IReadOnlyList<OccurrenceResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
