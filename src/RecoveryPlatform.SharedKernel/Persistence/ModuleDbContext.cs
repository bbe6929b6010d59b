using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.SharedKernel.Persistence;

/// <summary>
/// Base of every module's DbContext. A module owns its tables: on SQL Server they live in the
/// module's schema; SQLite has no schemas, so there the schema becomes a table-name prefix.
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    private Outbox? _outbox;

    /// <summary>The module's schema name, e.g. <c>organisations</c>.</summary>
    public abstract string Schema { get; }

    /// <summary>The module's outbox: an event added here is saved, and later delivered, only if the change it describes commits.</summary>
    public Outbox Outbox => _outbox ??= new Outbox(this);

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var isSqlite = Database.IsSqlite();
        if (!isSqlite)
        {
            modelBuilder.HasDefaultSchema(Schema);
        }

        ConfigureModel(modelBuilder);
        ConfigureAuditTrail(modelBuilder);
        ConfigureMessaging(modelBuilder);

        if (isSqlite)
        {
            // Every table gets the prefix, an owned collection's own table included (MeetingExceptions
            // once escaped it); an owned type that shares its owner's table follows the owner.
            var tables = modelBuilder.Model.GetEntityTypes()
                .Where(e => e.GetTableName() is not null && (!e.IsOwned() || e.GetTableName() != e.FindOwnership()!.PrincipalEntityType.GetTableName()))
                .ToList();
            foreach (var entity in tables)
            {
                entity.SetTableName($"{Schema}_{entity.GetTableName()}");
            }
        }
    }

    protected abstract void ConfigureModel(ModelBuilder modelBuilder);

    /// <summary>Every module keeps the audit trail of its own records, in its own schema.</summary>
    private static void ConfigureAuditTrail(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Auditing.AuditEntry>(audit =>
        {
            audit.ToTable("AuditEntries");
            audit.HasKey(e => e.Id);
            audit.Property(e => e.Actor).HasMaxLength(200).IsRequired();
            audit.Property(e => e.EntityType).HasMaxLength(64).IsRequired();
            audit.Property(e => e.Action).HasMaxLength(16).IsRequired();
            audit.Property(e => e.CorrelationId).HasMaxLength(64);
            audit.HasIndex(e => new { e.OrganisationId, e.OccurredAt });
            audit.HasIndex(e => e.OccurredAt);
        });

    /// <summary>Every module has its own outbox (its change log), inbox and leases (ADR 0006), and the idempotency records of the creates it serves, in its own schema.</summary>
    private static void ConfigureMessaging(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("OutboxMessages");
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).ValueGeneratedOnAdd();
            outbox.HasIndex(m => m.EventId).IsUnique();
            outbox.Property(m => m.EventType).HasMaxLength(OutboxMessage.EventTypeMaxLength).IsRequired();
            outbox.Property(m => m.Payload).IsRequired();
            outbox.Property(m => m.LastError).HasMaxLength(OutboxMessage.LastErrorMaxLength);

            // The dispatcher reads the pending rows in order: they sit together at the front of this index.
            outbox.HasIndex(m => new { m.DispatchedAt, m.Sequence });
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("InboxMessages");
            inbox.HasKey(m => new { m.EventId, m.Handler });
            inbox.Property(m => m.Handler).HasMaxLength(InboxMessage.HandlerMaxLength);
        });

        modelBuilder.Entity<Lease>(lease =>
        {
            lease.ToTable("Leases");
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(Lease.NameMaxLength);
            lease.Property(l => l.Holder).HasMaxLength(Lease.HolderMaxLength).IsRequired();
        });

        modelBuilder.Entity<Idempotency.IdempotencyRecord>(record =>
        {
            record.ToTable("IdempotencyRecords");
            record.HasKey(r => new { r.Scope, r.Key });
            record.Property(r => r.Scope).HasMaxLength(64);
            record.Property(r => r.Key).HasMaxLength(Idempotency.IdempotencyRecord.KeyMaxLength);
            record.Property(r => r.Fingerprint).HasMaxLength(64).IsRequired();
            record.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            record.Property(r => r.Headers).HasMaxLength(4000);
            record.HasIndex(r => r.ExpiresAt);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite stores DateTimeOffset as text it cannot compare or order; as a number it can.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
        }
    }

    /// <summary>The migrations history table of a module: one per module, so modules migrate independently.</summary>
    public static string MigrationsHistoryTable(string schema, DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? $"__EFMigrationsHistory_{schema}" : "__EFMigrationsHistory";
}
