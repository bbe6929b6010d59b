using Microsoft.EntityFrameworkCore;

namespace RecoveryPlatform.SharedKernel.Persistence;

/// <summary>
/// Base of every module's DbContext. A module owns its tables: on SQL Server they live in the
/// module's schema; SQLite has no schemas, so there the schema becomes a table-name prefix.
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The module's schema name, e.g. <c>organisations</c>.</summary>
    public abstract string Schema { get; }

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var isSqlite = Database.IsSqlite();
        if (!isSqlite)
        {
            modelBuilder.HasDefaultSchema(Schema);
        }

        ConfigureModel(modelBuilder);
        ConfigureAuditTrail(modelBuilder);

        if (isSqlite)
        {
            foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()))
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
