using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RecoveryPlatform.Modules.Groups.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    internal partial class AddCountryAndServiceBody : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CountryCode",
                table: "groups_Groups",
                type: "TEXT",
                fixedLength: true,
                maxLength: 2,
                nullable: false,
                defaultValue: "GB");

            migrationBuilder.AddColumn<string>(
                name: "ServiceBodyName",
                table: "groups_Groups",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ServiceBodyUrl",
                table: "groups_Groups",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CountryCode",
                table: "groups_Groups");

            migrationBuilder.DropColumn(
                name: "ServiceBodyName",
                table: "groups_Groups");

            migrationBuilder.DropColumn(
                name: "ServiceBodyUrl",
                table: "groups_Groups");
        }
    }
}
