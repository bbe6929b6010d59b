using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>Traces, metrics and logs. Bound from the <c>Telemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Where traces and metrics go over OTLP (e.g. <c>http://otel-collector:4317</c>). Empty: not exported. The standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and its <c>_PROTOCOL</c>, <c>_HEADERS</c>) switches it on too.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Whether <see cref="PrometheusPath"/> answers a Prometheus scrape. Off: the metrics say how busy the platform is, and are for its operators only.</summary>
    public bool PrometheusEnabled { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>How often gauges read from the database (outbox backlog, referrals by status) are sampled.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The service name traces and metrics are reported under.</summary>
    public string ServiceName { get; set; } = "recoveryplatform-api";

    public bool OtlpExporting => !string.IsNullOrWhiteSpace(OtlpEndpoint) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
}

internal static class TelemetrySetup
{
    /// <summary>
    /// OpenTelemetry when something consumes it, and nothing otherwise: an instance that exports nothing pays nothing for
    /// spans per request. Traces go over OTLP only; metrics over OTLP, to a Prometheus scrape, or both.
    /// </summary>
    public static TelemetryOptions AddPlatformTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddPlatformLogs();
        if (!options.OtlpExporting && !options.PrometheusEnabled)
        {
            return options;
        }

        builder.Services.AddMetricsSampling(options.SampleInterval);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter($"{PlatformTelemetry.NamePrefix}.*")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (options.OtlpExporting)
                {
                    metrics.AddOtlpExporter(otlp => UseEndpoint(otlp, options));
                }
            });

        if (options.OtlpExporting)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource($"{PlatformTelemetry.NamePrefix}.*")
                .AddAspNetCoreInstrumentation(aspNetCore =>
                {
                    // Probes and scrapes every few seconds would drown the traces that matter.
                    aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments(options.PrometheusPath);
                    aspNetCore.RecordException = false;
                })
                .AddHttpClientInstrumentation(http => http.RecordException = false)
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter(otlp => UseEndpoint(otlp, options)));
        }

        return options;
    }

    /// <summary>The Prometheus scrape endpoint, when it is switched on. Not in the OpenAPI document: it is not part of the API.</summary>
    public static void MapPlatformTelemetry(this WebApplication app, TelemetryOptions options)
    {
        if (options.PrometheusEnabled)
        {
            app.MapPrometheusScrapingEndpoint(options.PrometheusPath).ExcludeFromDescription();
        }
    }

    private static void UseEndpoint(OpenTelemetry.Exporter.OtlpExporterOptions otlp, TelemetryOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            otlp.Endpoint = new Uri(options.OtlpEndpoint);
        }
    }

    /// <summary>
    /// JSON console logs (appsettings.json chooses the formatter; Development reads the plain one) with the request's
    /// scope, so every line of a request carries its trace id. Written unescaped beyond what JSON needs, so a log line
    /// reads as its message does (a quote stays a quote); JSON escaping still keeps a line one line.
    /// </summary>
    private static void AddPlatformLogs(this IServiceCollection services) =>
        services.Configure<JsonConsoleFormatterOptions>(json => json.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
