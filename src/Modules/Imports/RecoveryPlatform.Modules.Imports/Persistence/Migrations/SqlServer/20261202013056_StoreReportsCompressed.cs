using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Imports.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    internal partial class StoreReportsCompressed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Report",
                schema: "imports",
                table: "ImportJobs",
                type: "varbinary(max)",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Report",
                schema: "imports",
                table: "ImportJobs");
        }
    }
}
