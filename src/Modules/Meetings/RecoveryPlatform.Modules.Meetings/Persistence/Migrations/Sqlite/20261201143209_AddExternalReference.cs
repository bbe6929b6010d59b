using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Meetings.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class AddExternalReference : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                table: "meetings_Meetings",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SourceUpdatedAt",
                table: "meetings_Meetings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_meetings_Meetings_OrganisationId_ExternalId",
                table: "meetings_Meetings",
                columns: new[] { "OrganisationId", "ExternalId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_meetings_Meetings_OrganisationId_ExternalId",
                table: "meetings_Meetings");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                table: "meetings_Meetings");

            migrationBuilder.DropColumn(
                name: "SourceUpdatedAt",
                table: "meetings_Meetings");
        }
    }
}
