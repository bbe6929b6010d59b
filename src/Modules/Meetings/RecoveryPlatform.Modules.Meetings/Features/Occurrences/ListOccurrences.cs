using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Meetings.Features.GetMeeting;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.Occurrences;

internal sealed record ListOccurrencesQuery(Guid MeetingId, DateTimeOffset From, DateTimeOffset To) : IQuery<IReadOnlyList<OccurrenceResponse>>;

internal sealed class ListOccurrencesValidator : AbstractValidator<ListOccurrencesQuery>
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public ListOccurrencesValidator()
    {
        RuleFor(q => q.To).GreaterThan(q => q.From).OverridePropertyName("to").WithMessage("Must be after from.");
        RuleFor(q => q.To).Must((q, to) => to - q.From <= MaxRange).OverridePropertyName("to").WithMessage("At most 366 days at once.");
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

        return meeting.Schedule.Occurrences(query.From, query.To).Select(OccurrenceResponse.From).ToList();
    }
}

internal static class ListOccurrencesEndpoint
{
    public static void Map(IEndpointRouteBuilder meetings) =>
        meetings.MapGet("/{id:guid}/occurrences", async (Guid id, DateTimeOffset? from, DateTimeOffset? to, ISender sender, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var start = from ?? clock.GetUtcNow();
                return TypedResults.Ok(await sender.Send(new ListOccurrencesQuery(id, start, to ?? start.AddDays(28)), cancellationToken));
            })
            .WithName("ListMeetingOccurrences")
            .WithSummary("List a meeting's dated occurrences")
            .WithDescription("Occurrences starting in [from, to) (ISO 8601 instants; default: the next 28 days), each with its UTC instant, local time and UTC offset, after cancellations and changes. At most 366 days.")
            .AllowAnonymous()
            .Produces<IReadOnlyList<OccurrenceResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
