using Microsoft.EntityFrameworkCore.Migrations;

namespace Ghiseu.Data.Migrations;

/// <summary>On PostgreSQL each case event carries the id of the transaction that wrote it (see CaseEvent.TransactionId).</summary>
public static class CaseEventsData
{
    public static void Up(MigrationBuilder b, bool postgres)
    {
        if (postgres) b.Sql("""ALTER TABLE "CaseEvents" ALTER COLUMN "TransactionId" SET DEFAULT (pg_current_xact_id()::text::bigint);""");
    }
}
