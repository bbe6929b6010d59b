using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
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
/// The output-cache policy of the calendars: a calendar, as sent (compressed or not), is kept under its ETag and
/// the content coding, so it is written (and compressed) once per version of its data, not per request.
/// </summary>
/// <remarks>
/// The platform's mechanism for search answers (ADR 0009), keyed the same way: by a version of everything the
/// body is made from (<see cref="CalendarSource"/>), so a change makes a new key at once and nothing needs to be
/// invalidated; old keys are never asked for again and expire. The data is read on every request (the meeting
/// from the meeting cache, its venue and group from their modules), which also decides whether the caller may see
/// it: a calendar someone may not see is answered by the endpoint (404), never from the store. Conditional
/// requests go straight to the endpoint, whose 304 costs no writing either; only 200s are stored.
/// </remarks>
internal sealed class CalendarCache(Func<Guid, IQuery<CalendarSource>> queryFor) : IOutputCachePolicy
{
    /// <summary>How long a body is kept when nobody asks for it; a new version of the data never finds it anyway.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) || request.Headers.IfNoneMatch.Count > 0 || request.Headers.IfModifiedSince.Count > 0
            || http.GetRouteValue("id") is not string text || !Guid.TryParse(text, out var id))
        {
            return;
        }

        var query = queryFor(id);
        CalendarSource source;
        try
        {
            source = await http.RequestServices.GetRequiredService<ISender>().Send(query, cancellation);
        }
        catch (NotFoundException)
        {
            // The endpoint asks again and answers the 404 as every endpoint does.
            return;
        }

        http.Features.Set(source);
        var coding = http.RequestServices.GetService<IResponseCompressionProvider>()?.GetCompressionProvider(http)?.EncodingName ?? "identity";
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.CacheVaryByRules.VaryByHost = false;

        // The middleware adds method, scheme and path to this prefix. Spaces, not its own separators, which make it refuse a key.
        context.CacheVaryByRules.CacheKeyPrefix = $"calendar {source.ETag} {coding}";
        context.ResponseExpirationTimeSpan = KeptFor;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
