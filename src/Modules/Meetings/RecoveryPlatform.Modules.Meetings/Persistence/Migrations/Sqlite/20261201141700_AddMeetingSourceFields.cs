using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Meetings.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class AddMeetingSourceFields : Migration
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

            migrationBuilder.AddColumn<string>(
                name: "LocationNotes",
                table: "meetings_Meetings",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SourceUpdatedAt",
                table: "meetings_Meetings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SourceVersion",
                table: "meetings_Meetings",
                type: "TEXT",
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
                name: "LocationNotes",
                table: "meetings_Meetings");

            migrationBuilder.DropColumn(
                name: "SourceUpdatedAt",
                table: "meetings_Meetings");

            migrationBuilder.DropColumn(
                name: "SourceVersion",
                table: "meetings_Meetings");
        }
    }
}
