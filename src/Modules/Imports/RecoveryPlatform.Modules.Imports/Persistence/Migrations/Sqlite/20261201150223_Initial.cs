using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Imports.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "imports_ActiveImports",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports_ActiveImports", x => x.OrganisationId);
                });

            migrationBuilder.CreateTable(
                name: "imports_AuditEntries",
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
                    table.PrimaryKey("PK_imports_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "imports_IdempotencyRecords",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Headers = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Body = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports_IdempotencyRecords", x => new { x.Scope, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "imports_ImportJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DryRun = table.Column<bool>(type: "INTEGER", nullable: false),
                    RemoveMissing = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Source = table.Column<byte[]>(type: "BLOB", nullable: true),
                    SourceBytes = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Runner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClaimedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: true),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports_ImportJobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "imports_InboxMessages",
                columns: table => new
                {
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Handler = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports_InboxMessages", x => new { x.EventId, x.Handler });
                });

            migrationBuilder.CreateTable(
                name: "imports_Leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports_Leases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "imports_OutboxMessages",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DispatchedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AbandonedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imports_OutboxMessages", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_imports_AuditEntries_OccurredAt",
                table: "imports_AuditEntries",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_imports_AuditEntries_OrganisationId_OccurredAt",
                table: "imports_AuditEntries",
                columns: new[] { "OrganisationId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_imports_IdempotencyRecords_ExpiresAt",
                table: "imports_IdempotencyRecords",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_imports_ImportJobs_OrganisationId_SubmittedAt",
                table: "imports_ImportJobs",
                columns: new[] { "OrganisationId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_imports_ImportJobs_Status_SubmittedAt",
                table: "imports_ImportJobs",
                columns: new[] { "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_imports_OutboxMessages_DispatchedAt_Sequence",
                table: "imports_OutboxMessages",
                columns: new[] { "DispatchedAt", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_imports_OutboxMessages_EventId",
                table: "imports_OutboxMessages",
                column: "EventId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "imports_ActiveImports");

            migrationBuilder.DropTable(
                name: "imports_AuditEntries");

            migrationBuilder.DropTable(
                name: "imports_IdempotencyRecords");

            migrationBuilder.DropTable(
                name: "imports_ImportJobs");

            migrationBuilder.DropTable(
                name: "imports_InboxMessages");

            migrationBuilder.DropTable(
                name: "imports_Leases");

            migrationBuilder.DropTable(
                name: "imports_OutboxMessages");
        }
    }
}
