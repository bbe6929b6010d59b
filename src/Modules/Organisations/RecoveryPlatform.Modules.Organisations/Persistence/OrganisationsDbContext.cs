using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryPlatform.Modules.Organisations.Domain;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Organisations.Persistence;

internal abstract class OrganisationsDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "organisations";

    public override string Schema => SchemaName;

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Organisation>(organisation =>
        {
            organisation.ToTable("Organisations");
            organisation.HasKey(o => o.Id);
            organisation.Property(o => o.Slug).HasMaxLength(Organisation.SlugMaxLength).IsRequired();
            organisation.HasIndex(o => o.Slug).IsUnique();
            organisation.Property(o => o.Name).HasMaxLength(Organisation.NameMaxLength).IsRequired();
            organisation.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
            organisation.Property(o => o.Status).HasConversion<string>().HasMaxLength(32);
            organisation.Property(o => o.Website).HasMaxLength(Organisation.WebsiteMaxLength);
            organisation.Property(o => o.ContactEmail).HasMaxLength(Organisation.EmailMaxLength);
            organisation.Property(o => o.Description).HasMaxLength(Organisation.DescriptionMaxLength);
            organisation.Property(o => o.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<ApiKey>(key =>
        {
            key.ToTable("ApiKeys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength).IsRequired();
            key.Property(k => k.Role).HasConversion<string>().HasMaxLength(32);
            key.Property(k => k.Prefix).HasMaxLength(16).IsRequired();
            key.Property(k => k.SecretHash).HasMaxLength(64).IsRequired();
            key.HasIndex(k => k.SecretHash).IsUnique();
            key.Property(k => k.CreatedBy).HasMaxLength(100).IsRequired();
            key.HasIndex(k => k.OrganisationId);
            key.HasOne<Organisation>().WithMany().HasForeignKey(k => k.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

internal sealed class OrganisationsSqliteDbContext(DbContextOptions<OrganisationsSqliteDbContext> options) : OrganisationsDbContext(options);

internal sealed class OrganisationsSqlServerDbContext(DbContextOptions<OrganisationsSqlServerDbContext> options) : OrganisationsDbContext(options);

internal sealed class OrganisationsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<OrganisationsSqliteDbContext>
{
    public OrganisationsSqliteDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<OrganisationsSqliteDbContext>(DatabaseProvider.Sqlite, OrganisationsDbContext.SchemaName));
}

internal sealed class OrganisationsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<OrganisationsSqlServerDbContext>
{
    public OrganisationsSqlServerDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<OrganisationsSqlServerDbContext>(DatabaseProvider.SqlServer, OrganisationsDbContext.SchemaName));
}
