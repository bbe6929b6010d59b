using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Meetings.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class AddWeekOfMonthSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ExceptWeeksOfMonth",
                table: "meetings_Meetings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "FormatsByWeekOfMonth",
                table: "meetings_Meetings",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NewFormats",
                table: "meetings_MeetingExceptions",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExceptWeeksOfMonth",
                table: "meetings_Meetings");

            migrationBuilder.DropColumn(
                name: "FormatsByWeekOfMonth",
                table: "meetings_Meetings");

            migrationBuilder.DropColumn(
                name: "NewFormats",
                table: "meetings_MeetingExceptions");
        }
    }
}
