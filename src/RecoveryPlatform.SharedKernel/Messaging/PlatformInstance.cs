namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>This process among the API instances sharing a database: it names the holder of a lease, and appears in logs.</summary>
public sealed class PlatformInstance
{
    private const int MachineNameMaxLength = 60;

    public string Id { get; } = $"{Truncate(Environment.MachineName)}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private static string Truncate(string name) => name.Length <= MachineNameMaxLength ? name : name[..MachineNameMaxLength];
}
