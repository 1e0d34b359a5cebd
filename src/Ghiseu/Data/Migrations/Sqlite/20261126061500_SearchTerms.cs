using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ghiseu.Data.Migrations.Sqlite
{
    /// <summary>
    /// The terms of the CaseSearch index, readable by range: a typed word prefix becomes the exact
    /// words it stands for, which FTS5 can test against one case without reading every match
    /// (decision 012). No model change, so no target model of its own.
    /// </summary>
    [DbContext(typeof(SqliteGhiseuDb))]
    [Migration("20261126061500_SearchTerms")]
    public partial class SearchTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE VIRTUAL TABLE "CaseSearchTerms" USING fts5vocab("CaseSearch", 'row');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "CaseSearchTerms";""");
        }
    }
}
