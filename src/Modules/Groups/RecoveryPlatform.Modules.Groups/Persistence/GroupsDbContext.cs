using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Groups.Persistence;

internal abstract class GroupsDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "groups";

    public override string Schema => SchemaName;

    public DbSet<Group> Groups => Set<Group>();

    protected override void ConfigureModel(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Group>(group =>
        {
            group.ToTable("Groups");
            group.HasKey(g => g.Id);
            group.Property(g => g.Name).HasMaxLength(Group.NameMaxLength).IsRequired();
            group.Property(g => g.Description).HasMaxLength(Group.DescriptionMaxLength);
            group.Property(g => g.Website).HasMaxLength(Group.WebsiteMaxLength);
            group.Property(g => g.ContactEmail).HasMaxLength(Group.EmailMaxLength);
            group.Property(g => g.ContactPhone).HasMaxLength(Group.PhoneMaxLength);
            group.Property(g => g.CountryCode).HasMaxLength(2).IsFixedLength().IsRequired().HasDefaultValue(Group.DefaultCountry);
            group.Property(g => g.ServiceBodyName).HasMaxLength(Group.ServiceBodyNameMaxLength);
            group.Property(g => g.ServiceBodyUrl).HasMaxLength(Group.WebsiteMaxLength);

            // A JSON array in one column: a group has a handful of regions, always read with the group.
            group.PrimitiveCollection(g => g.ServiceAreas).ElementType(area => area.HasMaxLength(Group.ServiceAreaMaxLength)).IsRequired();
            group.Property(g => g.Status).HasConversion<string>().HasMaxLength(16);
            group.Property(g => g.LastVerifiedBy).HasMaxLength(Group.VerifiedByMaxLength);
            group.Property(g => g.Version).IsConcurrencyToken();

            // Lists are filtered by organisation and ordered by name; stale listings are found by verification time.
            group.HasIndex(g => new { g.OrganisationId, g.Name });
            group.HasIndex(g => g.Name);
            group.HasIndex(g => g.LastVerifiedAt);
        });
}

internal sealed class GroupsSqliteDbContext(DbContextOptions<GroupsSqliteDbContext> options) : GroupsDbContext(options);

internal sealed class GroupsSqlServerDbContext(DbContextOptions<GroupsSqlServerDbContext> options) : GroupsDbContext(options);

internal sealed class GroupsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<GroupsSqliteDbContext>
{
    public GroupsSqliteDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<GroupsSqliteDbContext>(DatabaseProvider.Sqlite, GroupsDbContext.SchemaName));
}

internal sealed class GroupsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<GroupsSqlServerDbContext>
{
    public GroupsSqlServerDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<GroupsSqlServerDbContext>(DatabaseProvider.SqlServer, GroupsDbContext.SchemaName));
}
