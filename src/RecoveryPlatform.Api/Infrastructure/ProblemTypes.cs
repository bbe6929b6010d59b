namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>The <c>type</c> URI of each problem status: the section of the RFC that defines the status code.</summary>
internal static class ProblemTypes
{
    private static readonly Dictionary<int, string> ByStatus = new()
    {
        [400] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        [401] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        [403] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        [404] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        [405] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        [406] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.7",
        [408] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.9",
        [409] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        [412] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
        [413] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        [414] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.15",
        [415] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        [422] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        [428] = "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        [429] = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        [431] = "https://www.rfc-editor.org/rfc/rfc6585#section-5",
        [500] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        [503] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        [504] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.5",
    };

    public static string For(int status) => ByStatus.TryGetValue(status, out var type) ? type : "about:blank";

    /// <summary>Answers the request here, from a middleware, with a problem of <paramref name="status"/> saying <paramref name="detail"/>.</summary>
    public static ValueTask WriteProblemAsync(this HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Type = For(status), Detail = detail },
        });
    }
}
