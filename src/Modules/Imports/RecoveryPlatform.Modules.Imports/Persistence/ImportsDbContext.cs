using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryPlatform.Modules.Imports.Domain;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Imports.Persistence;

internal abstract class ImportsDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "imports";

    public override string Schema => SchemaName;

    public DbSet<ImportJob> Jobs => Set<ImportJob>();

    public DbSet<ActiveImport> ActiveImports => Set<ActiveImport>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ImportJob>(job =>
        {
            job.ToTable("ImportJobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.Format).HasConversion<string>().HasMaxLength(32);
            job.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.SubmittedBy).HasMaxLength(200).IsRequired();
            job.Property(j => j.Runner).HasMaxLength(200);
            job.Property(j => j.Failure).HasMaxLength(ImportJob.FailureMaxLength);
            job.HasIndex(j => new { j.OrganisationId, j.SubmittedAt });

            // Runners look for work by status, oldest first.
            job.HasIndex(j => new { j.Status, j.SubmittedAt });
        });

        modelBuilder.Entity<ActiveImport>(active =>
        {
            active.ToTable("ActiveImports");
            active.HasKey(a => a.OrganisationId);
        });
    }
}

internal sealed class ImportsSqliteDbContext(DbContextOptions<ImportsSqliteDbContext> options) : ImportsDbContext(options);

internal sealed class ImportsSqlServerDbContext(DbContextOptions<ImportsSqlServerDbContext> options) : ImportsDbContext(options);

internal sealed class ImportsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<ImportsSqliteDbContext>
{
    public ImportsSqliteDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<ImportsSqliteDbContext>(DatabaseProvider.Sqlite, ImportsDbContext.SchemaName));
}

internal sealed class ImportsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<ImportsSqlServerDbContext>
{
    public ImportsSqlServerDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<ImportsSqlServerDbContext>(DatabaseProvider.SqlServer, ImportsDbContext.SchemaName));
}
