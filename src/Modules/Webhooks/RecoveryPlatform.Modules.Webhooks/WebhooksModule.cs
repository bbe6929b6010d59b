using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using RecoveryPlatform.Modules.Webhooks.Delivery;
using RecoveryPlatform.Modules.Webhooks.Features.CreateWebhook;
using RecoveryPlatform.Modules.Webhooks.Features.Deliveries;
using RecoveryPlatform.Modules.Webhooks.Features.ManageWebhooks;
using RecoveryPlatform.Modules.Webhooks.Persistence;
using RecoveryPlatform.Modules.Webhooks.Signing;
using RecoveryPlatform.Modules.Webhooks.Targets;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Webhooks;

/// <summary>
/// The Webhooks module: subscribers are told, by signed POSTs of ids only, when the directory records or referrals
/// they follow change. It follows the other modules' change logs (ADR 0006) and sends from its own database (ADR 0015).
/// </summary>
public static class WebhooksModule
{
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets <see cref="WebhooksOptions"/> (keys, timings); the host binds them from configuration.</param>
    public static IServiceCollection AddWebhooksModule(this IServiceCollection services, Action<WebhooksOptions> configure)
    {
        services.AddModuleDbContext<WebhooksDbContext, WebhooksSqliteDbContext, WebhooksSqlServerDbContext>(WebhooksDbContext.SchemaName);
        services.AddOptions<WebhooksOptions>().Configure(configure)
            .Validate(o => o.ActiveKeyId is { } active && o.Keys.ContainsKey(active), $"{WebhooksOptions.SectionName}: configure Keys (id: 32 random bytes, base64) and an ActiveKeyId among them; webhook secrets cannot be stored without.")
            .Validate(o => o.Keys.Values.All(SecretProtector.IsUsableKey), $"{WebhooksOptions.SectionName}:Keys: each key is 32 random bytes in base64.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay, $"{WebhooksOptions.SectionName}: the timings must be positive, and MaxRetryDelay at least FirstRetryDelay.")
            .Validate(o => o.MaxAttempts >= 1 && o.DisableAfterConsecutiveFailures >= 1 && o.FanOutBatchSize >= 1 && o.SendBatchSize >= 1 && o.SendConcurrency >= 1, $"{WebhooksOptions.SectionName}: the counts must be at least 1.")
            .ValidateOnStart();

        services.AddSingleton<SecretProtector>();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookFanOut>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookMetrics>();
        services.AddHostedService<WebhookDispatcher>();

        // Every attempt goes through the guarded connection and has its own time limit; retries are not made here
        // but written on the delivery row, so they survive a restart (ADR 0015).
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)

            // The framework's request logs name the full URL, whose path or query may hold a subscriber's token: the
            // dispatcher logs each attempt itself, with the host only.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(provider => GuardedConnections.Handler(provider.GetRequiredService<WebhookTargets>()))
            .AddResilienceHandler("webhook-attempt", (pipeline, context) =>
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<WebhooksOptions>>().Value.AttemptTimeout));
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooksEndpoints(this IEndpointRouteBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks");
        CreateWebhookEndpoint.Map(webhooks);
        ManageWebhooksEndpoints.Map(webhooks);
        DeliveriesEndpoints.Map(webhooks);
        return api;
    }
}
