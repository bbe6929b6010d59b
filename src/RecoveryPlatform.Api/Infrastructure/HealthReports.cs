using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// Readiness as JSON: the overall status, the names of the checks that fail it, and each check's status, description
/// and figures (the databases, the search index, how many changes this instance is behind and how long ago it last
/// confirmed it was current, the outbox dispatcher), so an operator sees why, not just that.
/// </summary>
internal static class HealthReports
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            failing = report.Entries.Where(entry => entry.Value.Status == HealthStatus.Unhealthy).Select(entry => entry.Key).Order(StringComparer.Ordinal).ToArray(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description, data = entry.Value.Data.Count == 0 ? null : entry.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
