using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Venues.Persistence;

internal abstract class VenuesDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "venues";

    public override string Schema => SchemaName;

    public DbSet<Venue> Venues => Set<Venue>();

    protected override void ConfigureModel(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Venue>(venue =>
        {
            venue.ToTable("Venues");
            venue.HasKey(v => v.Id);
            venue.Ignore(v => v.IsArchived);
            venue.Property(v => v.Name).HasMaxLength(Venue.NameMaxLength).IsRequired();
            venue.Property(v => v.AddressLine1).HasMaxLength(Venue.AddressLineMaxLength);
            venue.Property(v => v.AddressLine2).HasMaxLength(Venue.AddressLineMaxLength);
            venue.Property(v => v.Town).HasMaxLength(Venue.TownMaxLength);
            venue.Property(v => v.Region).HasMaxLength(Venue.TownMaxLength);
            venue.Property(v => v.Postcode).HasMaxLength(Venue.PostcodeMaxLength);
            venue.Property(v => v.CountryCode).HasMaxLength(2).IsFixedLength().IsRequired();
            venue.Property(v => v.Directions).HasMaxLength(Venue.NotesMaxLength);
            venue.Property(v => v.AccessNotes).HasMaxLength(Venue.NotesMaxLength);
            venue.Property(v => v.Version).IsConcurrencyToken();

            // Defaults in the schema too, so rows written by other tools (bulk loaders) need not name these.
            venue.Property(v => v.NameDerived).HasDefaultValue(false);
            venue.Property(v => v.CoordinatesApproximate).HasDefaultValue(false);
            venue.HasIndex(v => v.OrganisationId);
            venue.HasIndex(v => v.Postcode);
            venue.HasIndex(v => v.Town);

            // The bounding-box pre-filter of nearby searches reads these two together.
            venue.HasIndex(v => new { v.Latitude, v.Longitude });
        });
}

internal sealed class VenuesSqliteDbContext(DbContextOptions<VenuesSqliteDbContext> options) : VenuesDbContext(options);

internal sealed class VenuesSqlServerDbContext(DbContextOptions<VenuesSqlServerDbContext> options) : VenuesDbContext(options);

internal sealed class VenuesSqliteDesignTimeFactory : IDesignTimeDbContextFactory<VenuesSqliteDbContext>
{
    public VenuesSqliteDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<VenuesSqliteDbContext>(DatabaseProvider.Sqlite, VenuesDbContext.SchemaName));
}

internal sealed class VenuesSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<VenuesSqlServerDbContext>
{
    public VenuesSqlServerDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<VenuesSqlServerDbContext>(DatabaseProvider.SqlServer, VenuesDbContext.SchemaName));
}
