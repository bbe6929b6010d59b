using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryPlatform.Modules.Webhooks.Domain;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Webhooks.Persistence;

internal abstract class WebhooksDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "webhooks";

    public override string Schema => SchemaName;

    public DbSet<WebhookSubscription> Subscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();

    public DbSet<FanOutPosition> FanOutPositions => Set<FanOutPosition>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WebhookSubscription>(subscription =>
        {
            subscription.ToTable("Subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.Ignore(s => s.EventTypes);
            subscription.Property(s => s.Url).HasMaxLength(WebhookSubscription.UrlMaxLength).IsRequired();
            subscription.Property(s => s.EventTypeList).HasMaxLength(1000).IsRequired();
            subscription.Property(s => s.SealedSecret).HasMaxLength(400).IsRequired();
            subscription.Property(s => s.CreatedBy).HasMaxLength(WebhookSubscription.CredentialMaxLength).IsRequired();
            subscription.Property(s => s.Audience).HasConversion<string>().HasMaxLength(16);
            subscription.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
            subscription.Property(s => s.DisabledReason).HasMaxLength(WebhookSubscription.DisabledReasonMaxLength);

            // The fan-out looks up the subscriptions of the organisations in a batch of events.
            subscription.HasIndex(s => new { s.OrganisationId, s.Status });
            subscription.HasIndex(s => s.OwnerOrganisationId);
        });

        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("Deliveries");
            delivery.HasKey(d => d.Sequence);
            delivery.Property(d => d.Sequence).ValueGeneratedOnAdd();
            delivery.HasIndex(d => d.Id).IsUnique();

            // One delivery per event per subscription: a fan-out that ran twice over the same rows cannot send twice.
            delivery.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
            delivery.Property(d => d.EventType).HasMaxLength(WebhookDelivery.TypeMaxLength).IsRequired();
            delivery.Property(d => d.ResourceKind).HasMaxLength(WebhookDelivery.KindMaxLength).IsRequired();
            delivery.Property(d => d.Payload).HasMaxLength(2000).IsRequired();
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.LastError).HasMaxLength(WebhookDelivery.LastErrorMaxLength);

            // The dispatcher reads the pending ones that are due; the ordering rule looks for earlier ones of the same resource.
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
            delivery.HasIndex(d => new { d.SubscriptionId, d.ResourceId, d.Status, d.Sequence });
        });

        modelBuilder.Entity<FanOutPosition>(position =>
        {
            position.ToTable("FanOutPositions");
            position.HasKey(p => p.Module);
            position.Property(p => p.Module).HasMaxLength(FanOutPosition.ModuleMaxLength);
        });
    }
}

internal sealed class WebhooksSqliteDbContext(DbContextOptions<WebhooksSqliteDbContext> options) : WebhooksDbContext(options);

internal sealed class WebhooksSqlServerDbContext(DbContextOptions<WebhooksSqlServerDbContext> options) : WebhooksDbContext(options);

internal sealed class WebhooksSqliteDesignTimeFactory : IDesignTimeDbContextFactory<WebhooksSqliteDbContext>
{
    public WebhooksSqliteDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<WebhooksSqliteDbContext>(DatabaseProvider.Sqlite, WebhooksDbContext.SchemaName));
}

internal sealed class WebhooksSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<WebhooksSqlServerDbContext>
{
    public WebhooksSqlServerDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<WebhooksSqlServerDbContext>(DatabaseProvider.SqlServer, WebhooksDbContext.SchemaName));
}
