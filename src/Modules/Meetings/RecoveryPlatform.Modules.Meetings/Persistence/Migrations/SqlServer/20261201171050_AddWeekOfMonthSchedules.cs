using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Meetings.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    internal partial class AddWeekOfMonthSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ExceptWeeksOfMonth",
                schema: "meetings",
                table: "Meetings",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "FormatsByWeekOfMonth",
                schema: "meetings",
                table: "Meetings",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "NewFormats",
                schema: "meetings",
                table: "MeetingExceptions",
                type: "nvarchar(max)",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExceptWeeksOfMonth",
                schema: "meetings",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "FormatsByWeekOfMonth",
                schema: "meetings",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "NewFormats",
                schema: "meetings",
                table: "MeetingExceptions");
        }
    }
}
