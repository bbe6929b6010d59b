using System.Reflection;
using System.Text.Json;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>Every event type the platform's modules declare, by the name stored in the outbox.</summary>
public sealed class IntegrationEventTypes
{
    private readonly Dictionary<string, Type> _byName;

    public IntegrationEventTypes(IEnumerable<Type> eventTypes)
    {
        _byName = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in eventTypes)
        {
            if (!_byName.TryAdd(type.Name, type) && _byName[type.Name] != type)
            {
                // The name is what the outbox stores: two types sharing it could not be told apart when read back.
                throw new InvalidOperationException($"Two integration event types are named {type.Name}: {_byName[type.Name].FullName} and {type.FullName}.");
            }
        }
    }

    public IReadOnlyCollection<Type> All => _byName.Values;

    /// <summary>The concrete event types declared in <paramref name="assemblies"/>.</summary>
    public static IEnumerable<Type> DeclaredIn(IEnumerable<Assembly> assemblies) =>
        assemblies.Distinct()
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(type));

    /// <summary>The event a row holds, or null when no known type has its name (written by a newer version, say).</summary>
    public IIntegrationEvent? Read(OutboxMessage message) =>
        _byName.TryGetValue(message.EventType, out var type)
            ? (IIntegrationEvent?)JsonSerializer.Deserialize(message.Payload, type, OutboxMessage.PayloadOptions)
            : null;
}
