using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Meetings.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "meetings");

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                schema: "meetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Actor = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    EntityType = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Action = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    CorrelationId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FormatCodes",
                schema: "meetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    LabelsJson = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    AttributesMask = table.Column<long>(type: "bigint", nullable: false),
                    MeetingGuideCode = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FormatCodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Meetings",
                schema: "meetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    GroupId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Attendance = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    VenueId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    OnlineUrl = table.Column<string>(type: "nvarchar(2048)", maxLength: 2048, nullable: true),
                    OnlinePhone = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    OnlineNotes = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    TimeZoneId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    LocalStartTime = table.Column<TimeOnly>(type: "time", nullable: false),
                    DurationMinutes = table.Column<int>(type: "int", nullable: false),
                    RecurrenceKind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Day = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    IntervalWeeks = table.Column<int>(type: "int", nullable: true),
                    AnchorDate = table.Column<DateOnly>(type: "date", nullable: true),
                    WeekOfMonth = table.Column<int>(type: "int", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    Formats = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Languages = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ResumesOn = table.Column<DateOnly>(type: "date", nullable: true),
                    GroupClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LastVerifiedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Meetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MeetingExceptions",
                schema: "meetings",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    MeetingId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IsCancellation = table.Column<bool>(type: "bit", nullable: false),
                    NewStartTime = table.Column<TimeOnly>(type: "time", nullable: true),
                    NewDurationMinutes = table.Column<int>(type: "int", nullable: true),
                    NewVenueId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Note = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingExceptions", x => new { x.MeetingId, x.Date });
                    table.ForeignKey(
                        name: "FK_MeetingExceptions_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalSchema: "meetings",
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OccurredAt",
                schema: "meetings",
                table: "AuditEntries",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OrganisationId_OccurredAt",
                schema: "meetings",
                table: "AuditEntries",
                columns: new[] { "OrganisationId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FormatCodes_OrganisationId_Code",
                schema: "meetings",
                table: "FormatCodes",
                columns: new[] { "OrganisationId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_GroupId",
                schema: "meetings",
                table: "Meetings",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_OrganisationId",
                schema: "meetings",
                table: "Meetings",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_UpdatedAt",
                schema: "meetings",
                table: "Meetings",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_VenueId",
                schema: "meetings",
                table: "Meetings",
                column: "VenueId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries",
                schema: "meetings");

            migrationBuilder.DropTable(
                name: "FormatCodes",
                schema: "meetings");

            migrationBuilder.DropTable(
                name: "MeetingExceptions",
                schema: "meetings");

            migrationBuilder.DropTable(
                name: "Meetings",
                schema: "meetings");
        }
    }
}
