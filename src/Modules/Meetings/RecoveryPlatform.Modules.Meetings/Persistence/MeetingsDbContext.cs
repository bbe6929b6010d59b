using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Meetings.Persistence;

internal abstract class MeetingsDbContext(DbContextOptions options) : ModuleDbContext(options)
{
    public const string SchemaName = "meetings";

    public override string Schema => SchemaName;

    public DbSet<Meeting> Meetings => Set<Meeting>();

    public DbSet<FormatCode> FormatCodes => Set<FormatCode>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Meeting>(meeting =>
        {
            meeting.ToTable("Meetings");
            meeting.HasKey(m => m.Id);
            meeting.Ignore(m => m.Schedule);
            meeting.Property(m => m.Name).HasMaxLength(Meeting.NameMaxLength).IsRequired();
            meeting.Property(m => m.Description).HasMaxLength(Meeting.DescriptionMaxLength);
            meeting.Property(m => m.Attendance).HasConversion<string>().HasMaxLength(16);
            meeting.Property(m => m.OnlineUrl).HasMaxLength(Meeting.UrlMaxLength);
            meeting.Property(m => m.OnlinePhone).HasMaxLength(Meeting.PhoneMaxLength);
            meeting.Property(m => m.OnlineNotes).HasMaxLength(Meeting.NotesMaxLength);
            meeting.Property(m => m.LocationNotes).HasMaxLength(Meeting.NotesMaxLength);
            meeting.Property(m => m.ExternalId).HasMaxLength(Meeting.ExternalIdMaxLength);
            meeting.Ignore(m => m.IsAsTheSourceHasIt);
            meeting.Property(m => m.TimeZoneId).HasMaxLength(64).IsRequired();
            meeting.Property(m => m.RecurrenceKind).HasConversion<string>().HasMaxLength(16);
            meeting.Property(m => m.Day).HasConversion<string>().HasMaxLength(16);
            meeting.Property(m => m.Status).HasConversion<string>().HasMaxLength(32);
            meeting.Property(m => m.Version).IsConcurrencyToken();
            meeting.Property(m => m.ExceptWeeksOfMonth).HasConversion(weeks => weeks.Mask, mask => new WeeksOfMonth(mask));
            meeting.Property(m => m.FormatsByWeekOfMonth).HasConversion(WeekOfMonthFormatsColumn.Converter, WeekOfMonthFormatsColumn.Comparer);
            meeting.OwnsMany(m => m.Exceptions, exception =>
            {
                exception.ToTable("MeetingExceptions");
                exception.WithOwner().HasForeignKey("MeetingId");
                exception.HasKey("MeetingId", nameof(MeetingException.Date));
                exception.Property(e => e.Note).HasMaxLength(Meeting.NotesMaxLength);
            });
            meeting.HasIndex(m => m.OrganisationId);
            meeting.HasIndex(m => m.GroupId);
            meeting.HasIndex(m => m.VenueId);
            meeting.HasIndex(m => m.UpdatedAt);

            // Unique only where set: SQL Server filters a unique index on a nullable column to non-null values,
            // and SQLite treats nulls as distinct.
            meeting.HasIndex(m => new { m.OrganisationId, m.ExternalId }).IsUnique();
        });

        modelBuilder.Entity<FormatCode>(format =>
        {
            format.ToTable("FormatCodes");
            format.HasKey(f => f.Id);
            format.Ignore(f => f.Labels);
            format.Property(f => f.Code).HasMaxLength(FormatCode.CodeMaxLength).IsRequired();
            format.Property(f => f.LabelsJson).HasMaxLength(8000).IsRequired();
            format.Property(f => f.MeetingGuideCode).HasMaxLength(FormatCode.CodeMaxLength);
            format.HasIndex(f => new { f.OrganisationId, f.Code }).IsUnique();
        });
    }
}

internal sealed class MeetingsSqliteDbContext(DbContextOptions<MeetingsSqliteDbContext> options) : MeetingsDbContext(options);

internal sealed class MeetingsSqlServerDbContext(DbContextOptions<MeetingsSqlServerDbContext> options) : MeetingsDbContext(options);

internal sealed class MeetingsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<MeetingsSqliteDbContext>
{
    public MeetingsSqliteDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<MeetingsSqliteDbContext>(DatabaseProvider.Sqlite, MeetingsDbContext.SchemaName));
}

internal sealed class MeetingsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<MeetingsSqlServerDbContext>
{
    public MeetingsSqlServerDbContext CreateDbContext(string[] args) =>
        new(DesignTimeDbContextFactory.Options<MeetingsSqlServerDbContext>(DatabaseProvider.SqlServer, MeetingsDbContext.SchemaName));
}
