using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Meetings.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "meetings_AuditEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CorrelationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meetings_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "meetings_FormatCodes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LabelsJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    AttributesMask = table.Column<long>(type: "INTEGER", nullable: false),
                    MeetingGuideCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meetings_FormatCodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "meetings_Meetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Attendance = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    VenueId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OnlineUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    OnlinePhone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OnlineNotes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LocalStartTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    RecurrenceKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Day = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IntervalWeeks = table.Column<int>(type: "INTEGER", nullable: true),
                    AnchorDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    WeekOfMonth = table.Column<int>(type: "INTEGER", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Formats = table.Column<string>(type: "TEXT", nullable: false),
                    Languages = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ResumesOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    GroupClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastVerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meetings_Meetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MeetingExceptions",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MeetingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IsCancellation = table.Column<bool>(type: "INTEGER", nullable: false),
                    NewStartTime = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    NewDurationMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    NewVenueId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingExceptions", x => new { x.MeetingId, x.Date });
                    table.ForeignKey(
                        name: "FK_MeetingExceptions_meetings_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "meetings_Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_meetings_AuditEntries_OccurredAt",
                table: "meetings_AuditEntries",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_meetings_AuditEntries_OrganisationId_OccurredAt",
                table: "meetings_AuditEntries",
                columns: new[] { "OrganisationId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_meetings_FormatCodes_OrganisationId_Code",
                table: "meetings_FormatCodes",
                columns: new[] { "OrganisationId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_meetings_Meetings_GroupId",
                table: "meetings_Meetings",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_meetings_Meetings_OrganisationId",
                table: "meetings_Meetings",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_meetings_Meetings_UpdatedAt",
                table: "meetings_Meetings",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_meetings_Meetings_VenueId",
                table: "meetings_Meetings",
                column: "VenueId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MeetingExceptions");

            migrationBuilder.DropTable(
                name: "meetings_AuditEntries");

            migrationBuilder.DropTable(
                name: "meetings_FormatCodes");

            migrationBuilder.DropTable(
                name: "meetings_Meetings");
        }
    }
}
