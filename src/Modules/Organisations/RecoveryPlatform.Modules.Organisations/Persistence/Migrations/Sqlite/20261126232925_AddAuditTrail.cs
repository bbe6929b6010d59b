using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Organisations.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class AddAuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "organisations_AuditEntries",
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
                    table.PrimaryKey("PK_organisations_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_organisations_AuditEntries_OccurredAt",
                table: "organisations_AuditEntries",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_organisations_AuditEntries_OrganisationId_OccurredAt",
                table: "organisations_AuditEntries",
                columns: new[] { "OrganisationId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "organisations_AuditEntries");
        }
    }
}
