using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.SharedKernel.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// The outbox machinery for the given modules: which module runs each command and event handler, the
    /// event types the outboxes may hold, the dispatcher (once across instances) and the change-log follower
    /// (in every instance). Register after the hosted service that migrates the databases.
    /// </summary>
    public static IServiceCollection AddPlatformMessaging(this IServiceCollection services, IReadOnlyCollection<Assembly> moduleAssemblies)
    {
        var routing = MessageRouting.From(moduleAssemblies);
        services.AddSingleton(routing);
        foreach (var handlerType in routing.EventHandlers.Values.SelectMany(handlers => handlers).Distinct())
        {
            services.TryAddScoped(handlerType);
        }

        // Events are declared in the modules (their own) and in their Contracts (for other modules).
        var declaring = moduleAssemblies.Concat(moduleAssemblies
            .SelectMany(assembly => assembly.GetReferencedAssemblies())
            .Where(name => name.Name!.StartsWith("RecoveryPlatform.", StringComparison.Ordinal))
            .Select(Assembly.Load));
        services.AddSingleton(new IntegrationEventTypes(IntegrationEventTypes.DeclaredIn(declaring)));

        services.AddSingleton<PlatformInstance>();
        services.AddSingleton<ChangeLogProgress>();
        services.AddSingleton<OutboxMetrics>();
        services.AddSingleton<IMetricsSampler>(sp => sp.GetRequiredService<OutboxMetrics>());
        services.AddSingleton<ChangeLogFollower>();
        services.AddSingleton<ChangeFeedReader>();
        services.AddSingleton<ChangeLogReader>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeLogFollower>());
        services.AddHostedService<OutboxDispatcher>();
        services.AddHealthChecks()
            .AddCheck<ChangeLogLagHealthCheck>("change-log", tags: ["ready"])
            .AddCheck<SnapshotAgeHealthCheck>("snapshot", tags: ["ready"])
            .AddCheck<OutboxDispatcherHealthCheck>("outbox-dispatcher", tags: ["ready"]);
        return services;
    }
}
