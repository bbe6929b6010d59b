using System.Reflection;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Groups;
using RecoveryPlatform.Modules.Imports;
using RecoveryPlatform.Modules.Meetings;
using RecoveryPlatform.Modules.Organisations;
using RecoveryPlatform.Modules.Referrals;
using RecoveryPlatform.Modules.Venues;
using RecoveryPlatform.Modules.Webhooks;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.ArchitectureTests;

/// <summary>
/// The rules of writing (ADR 0006): every command and event handler runs in its own module's unit of work,
/// and a committed change is announced only through its module's outbox.
/// </summary>
public sealed class MessagingRulesTests
{
    private static readonly Assembly[] Modules =
    [
        typeof(OrganisationsModule).Assembly,
        typeof(VenuesModule).Assembly,
        typeof(GroupsModule).Assembly,
        typeof(MeetingsModule).Assembly,
        typeof(ReferralsModule).Assembly,
        typeof(ImportsModule).Assembly,
        typeof(WebhooksModule).Assembly,
    ];

    /// <summary>Every platform assembly that can declare messages: the modules and their Contracts.</summary>
    private static IEnumerable<Assembly> Declaring() =>
        Modules.Concat(Modules.SelectMany(m => m.GetReferencedAssemblies())
            .Where(n => n.Name!.StartsWith("RecoveryPlatform.Modules.", StringComparison.Ordinal))
            .Select(Assembly.Load))
            .Distinct();

    private static IServiceCollection ModuleRegistrations() =>
        new ServiceCollection().AddOrganisationsModule().AddVenuesModule().AddGroupsModule().AddMeetingsModule().AddReferralsModule(_ => { }).AddImportsModule().AddWebhooksModule(_ => { });

    private static bool HasUnitOfWork(IServiceCollection services, string module) =>
        services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IUnitOfWork) && Equals(d.ServiceKey, module));

    [Fact]
    public void Every_command_in_the_solution_maps_to_a_registered_unit_of_work()
    {
        var routing = MessageRouting.From(Modules);
        var services = ModuleRegistrations();
        var commands = Declaring().SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>)))
            .ToList();
        commands.Count.ShouldBeGreaterThan(10);

        var unrouted = commands.Where(c => routing.ModuleHandling(c) is null).Select(c => c.FullName);
        unrouted.ShouldBeEmpty("commands no module handles");
        var withoutUnitOfWork = commands.Where(c => !HasUnitOfWork(services, routing.ModuleHandling(c)!)).Select(c => $"{c.Name} → {routing.ModuleHandling(c)}");
        withoutUnitOfWork.ShouldBeEmpty("commands whose handling module registers no database");
    }

    [Fact]
    public void Every_event_handler_maps_to_a_registered_unit_of_work()
    {
        var routing = MessageRouting.From(Modules);
        var services = ModuleRegistrations();
        var handlers = routing.EventHandlers.Values.SelectMany(h => h).Distinct().ToList();
        handlers.ShouldNotBeEmpty();

        handlers.Where(h => !HasUnitOfWork(services, MessageRouting.ModuleOf(h))).Select(h => h.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void Event_type_names_are_unique_because_the_outbox_stores_them()
    {
        var events = IntegrationEventTypes.DeclaredIn(Declaring()).ToList();
        events.Count.ShouldBeGreaterThan(5);

        Should.NotThrow(() => new IntegrationEventTypes(events));
        events.GroupBy(e => e.Name).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
    }

    [Fact]
    public void Events_are_immutable_records_named_for_what_happened()
    {
        var events = IntegrationEventTypes.DeclaredIn(Declaring()).ToList();

        foreach (var type in events)
        {
            type.IsSealed.ShouldBeTrue(type.Name);
            type.GetMethod("<Clone>$").ShouldNotBeNull($"{type.Name} is a record");
            type.GetProperties().Where(p => p.SetMethod is { IsPublic: true } && !p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)))
                .ShouldBeEmpty($"{type.Name} has a settable property");
        }

        events.Where(t => t.Assembly.GetName().Name!.EndsWith(".Contracts", StringComparison.Ordinal) && !t.Name.EndsWith("IntegrationEvent", StringComparison.Ordinal))
            .Select(t => t.Name).ShouldBeEmpty("events other modules see are named …IntegrationEvent");
    }

    [Fact]
    public void No_module_publishes_in_process_or_handles_mediator_notifications()
    {
        // A publish from a request would run before, or without, the commit it announces: the outbox is the one path.
        var offenders = Modules.SelectMany(a => a.GetTypes())
            .Where(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                    .Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IPublisher) || p.ParameterType == typeof(IMediator)))
                || t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(INotificationHandler<>)))
            .Select(t => t.FullName);

        offenders.ShouldBeEmpty();
    }
}
