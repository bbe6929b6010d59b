using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.Calendars;

/// <summary>
/// <c>GET /meetings/{id}/calendar.ics</c> and <c>GET /groups/{id}/calendar.ics</c>: the iCalendar feeds (docs/feeds.md).
/// </summary>
internal static class CalendarEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/meetings/{id:guid}/calendar.ics", (Guid id, HttpContext http) => AnswerAsync(http, new GetMeetingCalendarQuery(id)))
            .WithName("GetMeetingCalendar")
            .WithSummary("A meeting's calendar (iCalendar)")
            .WithDescription(
                "Public. The meeting as an RFC 5545 calendar to subscribe to: one VEVENT with its schedule as an RRULE in the meeting's time zone " +
                "(its VTIMEZONE included), cancellations as EXDATE and one-off changes as RECURRENCE-ID overrides; it expands to the occurrences " +
                "GET /meetings/{id}/occurrences lists, from the calendar's first date on. A closed meeting is a cancelled event. Strong ETag and " +
                "Last-Modified; If-None-Match and If-Modified-Since answer 304. 404 wherever GET /meetings/{id} is.")
            .WithTags("Meetings")
            .AllowAnonymous()
            .SendsLastModified()
            .CacheOutput(new CalendarCache(id => new GetMeetingCalendarQuery(id)))
            .Produces<string>(StatusCodes.Status200OK, CalendarWriter.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();

        api.MapGet("/groups/{id:guid}/calendar.ics", (Guid id, HttpContext http) => AnswerAsync(http, new GetGroupCalendarQuery(id)))
            .WithName("GetGroupCalendar")
            .WithSummary("A group's calendar (iCalendar)")
            .WithDescription(
                "Public. Every meeting of the group as an RFC 5545 calendar, one VEVENT each, written as GET /meetings/{id}/calendar.ics writes " +
                "one meeting. A closed group's meetings are cancelled events. Strong ETag and Last-Modified; If-None-Match and " +
                "If-Modified-Since answer 304. 404 wherever GET /groups/{id} is.")
            .WithTags("Groups")
            .AllowAnonymous()
            .SendsLastModified()
            .CacheOutput(new CalendarCache(id => new GetGroupCalendarQuery(id)))
            .Produces<string>(StatusCodes.Status200OK, CalendarWriter.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, IQuery<CalendarSource> query)
    {
        // Read already when the output cache looked for a stored body (CalendarCache): the same data, not read twice.
        var source = http.Features.Get<CalendarSource>()
            ?? await http.RequestServices.GetRequiredService<ISender>().Send(query, http.RequestAborted);
        if (ConditionalRequests.IsNotModified(http, source.ETag, source.LastModified, out var notModified))
        {
            return notModified;
        }

        return TypedResults.Bytes(CalendarWriter.Write(source), CalendarWriter.ContentType);
    }
}

/// <summary>
/// The output-cache policy of the calendars: a calendar is kept under its ETag, so it is written (and compressed)
/// once per version of its data (<see cref="CalendarSource"/>), not per request.
/// </summary>
/// <remarks>
/// The data is read on every request (the meeting from the meeting cache, its venue and group from their modules),
/// which also decides whether the caller may see it: a calendar someone may not see is answered by the endpoint
/// (404), never from the store.
/// </remarks>
internal sealed class CalendarCache(Func<Guid, IQuery<CalendarSource>> queryFor) : VersionKeyedOutputCache
{
    protected override TimeSpan KeptFor => TimeSpan.FromHours(1);

    protected override async ValueTask<string?> VersionAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.GetRouteValue("id") is not string text || !Guid.TryParse(text, out var id))
        {
            return null;
        }

        CalendarSource source;
        try
        {
            source = await http.RequestServices.GetRequiredService<ISender>().Send(queryFor(id), cancellationToken);
        }
        catch (NotFoundException)
        {
            // The endpoint asks again and answers the 404 as every endpoint does.
            return null;
        }

        http.Features.Set(source);
        return $"calendar {source.ETag}";
    }
}
