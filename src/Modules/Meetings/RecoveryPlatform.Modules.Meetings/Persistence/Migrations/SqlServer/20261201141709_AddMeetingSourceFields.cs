using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Meetings.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    internal partial class AddMeetingSourceFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                schema: "meetings",
                table: "Meetings",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LocationNotes",
                schema: "meetings",
                table: "Meetings",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SourceUpdatedAt",
                schema: "meetings",
                table: "Meetings",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SourceVersion",
                schema: "meetings",
                table: "Meetings",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_OrganisationId_ExternalId",
                schema: "meetings",
                table: "Meetings",
                columns: new[] { "OrganisationId", "ExternalId" },
                unique: true,
                filter: "[ExternalId] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Meetings_OrganisationId_ExternalId",
                schema: "meetings",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                schema: "meetings",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "LocationNotes",
                schema: "meetings",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "SourceUpdatedAt",
                schema: "meetings",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "SourceVersion",
                schema: "meetings",
                table: "Meetings");
        }
    }
}
