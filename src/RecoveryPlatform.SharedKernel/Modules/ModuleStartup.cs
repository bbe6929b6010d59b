namespace RecoveryPlatform.SharedKernel.Modules;

/// <summary>
/// Something a module does once at start-up after every database is migrated, in a scope of its own:
/// seeding demo data, registering a bootstrap key. Ordered by <see cref="Order"/>.
/// </summary>
public interface IModuleStartupTask
{
    int Order { get; }

    Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken);
}
