namespace RecoveryPlatform.Api.Http;

/// <summary>
/// The response headers that keep a browser from misreading an API answer (OWASP API8, security misconfiguration):
/// no content sniffing (a JSON body is never run as script or rendered as HTML), never framed, no referrer sent on,
/// and a content policy that allows nothing on the API's own answers. The Swagger UI, a page with scripts and styles of
/// its own, gets only the first three. Added to every response by <see cref="TraceHeaders.UseResponseHeaders"/>; HSTS
/// is added by UseHsts outside Development, on HTTPS requests.
/// </summary>
internal static class SecurityHeaders
{
    public static void AddTo(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (!context.Request.Path.StartsWithSegments("/swagger"))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        }
    }
}
