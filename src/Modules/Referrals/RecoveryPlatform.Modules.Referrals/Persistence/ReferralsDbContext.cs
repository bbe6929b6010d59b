using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Referrals.Persistence;

internal abstract class ReferralsDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "referrals";

    /// <summary>Generous for a sealed value: the longest personal details base64-encoded with their nonce and tag.</summary>
    private const int SealedMaxLength = 16_000;

    public override string Schema => SchemaName;

    public DbSet<Referral> Referrals => Set<Referral>();

    public DbSet<ReferralHistoryEntry> History => Set<ReferralHistoryEntry>();

    public DbSet<PersonalDataAccess> PersonalDataAccesses => Set<PersonalDataAccess>();

    public DbSet<ReferralSettings> Settings => Set<ReferralSettings>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Referral>(referral =>
        {
            referral.ToTable("Referrals");
            referral.HasKey(r => r.Id);

            // Ids are made in the domain: an entry added to a loaded referral's history is new, not "changed".
            referral.Property(r => r.Id).ValueGeneratedNever();
            referral.Ignore(r => r.IsFinal);
            referral.Property(r => r.Reference).HasMaxLength(16).IsRequired();
            referral.HasIndex(r => r.Reference).IsUnique();
            referral.Property(r => r.AreaDistrict).HasMaxLength(8).IsRequired();
            referral.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
            referral.Property(r => r.Reason).HasConversion<string>().HasMaxLength(32);
            referral.Property(r => r.Priority).HasConversion<string>().HasMaxLength(32);
            referral.Property(r => r.StatusReason).HasMaxLength(64);
            referral.Property(r => r.ConsentStatementVersion).HasMaxLength(64).IsRequired();
            referral.Property(r => r.SealedPersonalData).HasMaxLength(SealedMaxLength);
            referral.Property(r => r.Version).IsConcurrencyToken();
            referral.HasMany(r => r.History).WithOne().HasForeignKey(h => h.ReferralId).OnDelete(DeleteBehavior.Cascade);

            // Each side lists its own referrals, newest change first; retention looks for closed ones.
            referral.HasIndex(r => new { r.ReferringOrganisationId, r.UpdatedAt });
            referral.HasIndex(r => new { r.ReceivingOrganisationId, r.UpdatedAt });
            referral.HasIndex(r => r.ClosedAt);
        });

        modelBuilder.Entity<ReferralHistoryEntry>(entry =>
        {
            entry.ToTable("ReferralHistory");
            entry.HasKey(h => h.Id);
            entry.Property(h => h.Id).ValueGeneratedNever();
            entry.Property(h => h.FromStatus).HasConversion<string>().HasMaxLength(32);
            entry.Property(h => h.ToStatus).HasConversion<string>().HasMaxLength(32);
            entry.Property(h => h.By).HasConversion<string>().HasMaxLength(16);
            entry.Property(h => h.Reason).HasMaxLength(64);
            entry.Property(h => h.SealedNote).HasMaxLength(SealedMaxLength);
            entry.Property(h => h.Actor).HasMaxLength(128).IsRequired();

            // Two moves made at once from the same state cannot both take the next number: one fails to save.
            entry.HasIndex(h => new { h.ReferralId, h.Sequence }).IsUnique();
        });

        modelBuilder.Entity<PersonalDataAccess>(access =>
        {
            access.ToTable("PersonalDataAccessLog");
            access.HasKey(a => a.Id);
            access.Property(a => a.Id).ValueGeneratedNever();
            access.Property(a => a.Actor).HasMaxLength(128).IsRequired();
            access.Property(a => a.ActorRole).HasMaxLength(32).IsRequired();
            access.Property(a => a.Purpose).HasConversion<string>().HasMaxLength(32);
            access.Property(a => a.Action).HasConversion<string>().HasMaxLength(32);
            access.HasIndex(a => new { a.ReferralId, a.At });
        });

        modelBuilder.Entity<ReferralSettings>(settings =>
        {
            settings.ToTable("ReferralSettings");
            settings.HasKey(s => s.OrganisationId);
            settings.Property(s => s.OrganisationId).ValueGeneratedNever();
            settings.Property(s => s.CoordinatorContact).HasMaxLength(ReferralSettings.ContactMaxLength);
            settings.Property(s => s.Version).IsConcurrencyToken();
        });
    }
}

internal sealed class ReferralsSqliteDbContext(DbContextOptions<ReferralsSqliteDbContext> options) : ReferralsDbContext(options);

internal sealed class ReferralsSqlServerDbContext(DbContextOptions<ReferralsSqlServerDbContext> options) : ReferralsDbContext(options);

internal sealed class ReferralsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<ReferralsSqliteDbContext>
{
    public ReferralsSqliteDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<ReferralsSqliteDbContext>(DatabaseProvider.Sqlite, ReferralsDbContext.SchemaName));
}

internal sealed class ReferralsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<ReferralsSqlServerDbContext>
{
    public ReferralsSqlServerDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<ReferralsSqlServerDbContext>(DatabaseProvider.SqlServer, ReferralsDbContext.SchemaName));
}
