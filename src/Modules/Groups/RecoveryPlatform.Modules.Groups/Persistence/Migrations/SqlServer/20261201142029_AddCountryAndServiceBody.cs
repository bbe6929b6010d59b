using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Groups.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    internal partial class AddCountryAndServiceBody : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CountryCode",
                schema: "groups",
                table: "Groups",
                type: "nchar(2)",
                fixedLength: true,
                maxLength: 2,
                nullable: false,
                defaultValue: "GB");

            migrationBuilder.AddColumn<string>(
                name: "ServiceBodyName",
                schema: "groups",
                table: "Groups",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ServiceBodyUrl",
                schema: "groups",
                table: "Groups",
                type: "nvarchar(2048)",
                maxLength: 2048,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CountryCode",
                schema: "groups",
                table: "Groups");

            migrationBuilder.DropColumn(
                name: "ServiceBodyName",
                schema: "groups",
                table: "Groups");

            migrationBuilder.DropColumn(
                name: "ServiceBodyUrl",
                schema: "groups",
                table: "Groups");
        }
    }
}
