using System.Collections.Frozen;
using System.Reflection;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// Which module does the work for each command and event handler: the module whose assembly holds the
/// handler, not the one that declares the message (a command in a module's public Contracts is still
/// handled, and committed, by that module). Built once from the module assemblies at start-up.
/// </summary>
public sealed class MessageRouting
{
    private readonly FrozenDictionary<Type, string> _commandModules;
    private readonly FrozenDictionary<Type, Type[]> _eventHandlers;
    private readonly FrozenSet<string> _handledEventNames;

    private MessageRouting(Dictionary<Type, string> commandModules, Dictionary<Type, Type[]> eventHandlers)
    {
        _commandModules = commandModules.ToFrozenDictionary();
        _eventHandlers = eventHandlers.ToFrozenDictionary();
        _handledEventNames = eventHandlers.Keys.Select(type => type.Name).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Every command type that has a handler, with the module (assembly name) that handles it.</summary>
    public IReadOnlyDictionary<Type, string> CommandModules => _commandModules;

    /// <summary>Every event handler type, by the event types it handles.</summary>
    public IReadOnlyDictionary<Type, Type[]> EventHandlers => _eventHandlers;

    /// <summary>The module key of the assembly a handler lives in: the key its unit of work is registered under.</summary>
    public static string ModuleOf(Type handlerType) => Persistence.UnitOfWorkKeys.For(handlerType);

    public string? ModuleHandling(Type commandType) => _commandModules.GetValueOrDefault(commandType);

    public IReadOnlyList<Type> HandlersOf(Type eventType) => _eventHandlers.GetValueOrDefault(eventType) ?? [];

    /// <summary>Whether any handler takes events stored under <paramref name="eventTypeName"/> (an outbox row's <c>EventType</c>).</summary>
    public bool IsHandled(string eventTypeName) => _handledEventNames.Contains(eventTypeName);

    /// <summary>
    /// Refuses a composition in which a command or event handler would run outside a unit of work: every
    /// module with handlers must have registered its database. Called once at start-up.
    /// </summary>
    public void EnsureUnitsOfWork(IServiceProvider services)
    {
        var keyed = services.GetRequiredService<IServiceProviderIsKeyedService>();
        var missing = _commandModules.Select(p => (Handled: p.Key.Name, Module: p.Value))
            .Concat(_eventHandlers.Values.SelectMany(handlers => handlers).Select(h => (Handled: h.Name, Module: ModuleOf(h))))
            .Where(p => !keyed.IsKeyedService(typeof(Persistence.IUnitOfWork), p.Module))
            .Select(p => $"{p.Handled} ({p.Module})")
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"These are handled by modules without a registered database, so they would run without a transaction: {string.Join(", ", missing)}.");
        }
    }

    public static MessageRouting From(IEnumerable<Assembly> moduleAssemblies)
    {
        var commandModules = new Dictionary<Type, string>();
        var eventHandlers = new Dictionary<Type, List<Type>>();
        foreach (var type in moduleAssemblies.Distinct().SelectMany(a => a.GetTypes()).Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var implemented in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = implemented.GetGenericTypeDefinition();
                if (definition == typeof(ICommandHandler<,>) || definition == typeof(ICommandHandler<>))
                {
                    commandModules[implemented.GetGenericArguments()[0]] = ModuleOf(type);
                }
                else if (definition == typeof(IIntegrationEventHandler<>))
                {
                    var eventType = implemented.GetGenericArguments()[0];
                    if (!eventHandlers.TryGetValue(eventType, out var handlers))
                    {
                        eventHandlers[eventType] = handlers = [];
                    }

                    handlers.Add(type);
                }
            }
        }

        return new MessageRouting(commandModules, eventHandlers.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }
}
