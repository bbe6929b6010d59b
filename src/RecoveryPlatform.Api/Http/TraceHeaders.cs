using System.Diagnostics;

namespace RecoveryPlatform.Api.Http;

/// <summary>
/// Every response names the trace it belongs to, so a client can quote it and an operator find the request's logs
/// and spans: <c>traceresponse</c> (W3C Trace Context, level 2: version, trace id, this server's span id, flags; the
/// trace id is the caller's when it sent a valid <c>traceparent</c>) and <c>X-Correlation-Id</c> (the caller's own
/// when it sent a well-formed one, else the trace id). A caller's correlation id also goes into the scope of every log
/// line of its request, beside the trace id the logger adds itself.
/// </summary>
internal static partial class TraceHeaders
{
    public const string TraceResponse = "traceresponse";
    public const string CorrelationId = "X-Correlation-Id";

    /// <summary>Longest correlation id echoed: enough for any id scheme (a UUID is 36), short enough to log on every line.</summary>
    public const int MaxCorrelationIdLength = 128;

    /// <summary>First in the pipeline, so every response (refusals, problems, cached answers, 304s) carries the headers.</summary>
    public static IApplicationBuilder UseTraceHeaders(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("RecoveryPlatform.Api.Requests");
        return app.Use(async (context, next) =>
        {
            var activity = Activity.Current;
            var traceId = activity?.TraceId.ToHexString();
            var callersId = WellFormed(context.Request.Headers[CorrelationId].ToString());
            var correlationId = callersId ?? traceId ?? context.TraceIdentifier;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (activity is not null)
                {
                    headers[TraceResponse] = $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{(byte)activity.ActivityTraceFlags:x2}";
                }

                headers[CorrelationId] = correlationId;
                return Task.CompletedTask;
            });

            if (callersId is null)
            {
                await next(context);
                return;
            }

            using (logger.BeginScope(new KeyValuePair<string, object>[] { new(nameof(CorrelationId), callersId) }))
            {
                await next(context);
            }
        });
    }

    /// <summary>The caller's correlation id when it is safe to echo and log: 1 to 128 letters, digits and <c>-._:</c>.</summary>
    internal static string? WellFormed(string value) =>
        value.Length is > 0 and <= MaxCorrelationIdLength && CorrelationIdCharacters().IsMatch(value) ? value : null;

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial System.Text.RegularExpressions.Regex CorrelationIdCharacters();
}
