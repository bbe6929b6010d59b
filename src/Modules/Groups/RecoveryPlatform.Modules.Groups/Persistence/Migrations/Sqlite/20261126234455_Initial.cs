using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Groups.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "groups_AuditEntries",
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
                    table.PrimaryKey("PK_groups_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "groups_Groups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    ContactPhone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ShowContactPublicly = table.Column<bool>(type: "INTEGER", nullable: false),
                    ServiceAreas = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LastVerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastVerifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_groups_Groups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_groups_AuditEntries_OccurredAt",
                table: "groups_AuditEntries",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_groups_AuditEntries_OrganisationId_OccurredAt",
                table: "groups_AuditEntries",
                columns: new[] { "OrganisationId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_groups_Groups_LastVerifiedAt",
                table: "groups_Groups",
                column: "LastVerifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_groups_Groups_Name",
                table: "groups_Groups",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_groups_Groups_OrganisationId_Name",
                table: "groups_Groups",
                columns: new[] { "OrganisationId", "Name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "groups_AuditEntries");

            migrationBuilder.DropTable(
                name: "groups_Groups");
        }
    }
}
