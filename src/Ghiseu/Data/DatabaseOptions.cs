using System.ComponentModel.DataAnnotations;

namespace Ghiseu.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Settings under Ghiseu:Database.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Ghiseu:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start. Turn off on multi-node PostgreSQL and run `./ghiseu migrate` instead.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>Settings under Ghiseu.</summary>
public sealed class GhiseuOptions
{
    public const string Section = "Ghiseu";

    /// <summary>Folder for the SQLite database, attachments and keys; ./data by default.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";
}
