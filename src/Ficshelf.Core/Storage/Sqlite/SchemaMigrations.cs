using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ficshelf.Core.Storage;

/// <summary>
/// The archive's schema as an ordered list of migrations. PRAGMA user_version records how many have run;
/// opening an archive runs the rest, each in its own transaction. Never edit a shipped migration: add one.
/// </summary>
internal static class SchemaMigrations
{
    public static readonly string[] Steps =
    [
        // 1: works, chapters, their sources (original bytes kept), tags.
        """
        CREATE TABLE works (
            id            INTEGER PRIMARY KEY,
            content_key   TEXT NOT NULL UNIQUE,
            platform      TEXT NOT NULL,
            title         TEXT,
            authors       TEXT NOT NULL DEFAULT '[]',
            series        TEXT,
            summary       TEXT,
            prompt        TEXT,
            notes_before  TEXT,
            notes_after   TEXT,
            language      TEXT,
            word_count    INTEGER NOT NULL,
            chapter_count INTEGER NOT NULL,
            complete      INTEGER,
            truncated     INTEGER NOT NULL DEFAULT 0,
            chrome        TEXT NOT NULL DEFAULT '[]',
            created_at    TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        CREATE TABLE chapters (
            work_id      INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            position     INTEGER NOT NULL,
            title        TEXT,
            summary      TEXT,
            notes_before TEXT,
            notes_after  TEXT,
            paragraphs   TEXT NOT NULL,
            word_count   INTEGER NOT NULL,
            PRIMARY KEY (work_id, position)
        );
        CREATE TABLE sources (
            id           INTEGER PRIMARY KEY,
            work_id      INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            platform     TEXT NOT NULL,
            file_name    TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            encoding     TEXT NOT NULL,
            size         INTEGER NOT NULL,
            original     BLOB NOT NULL,
            imported_at  TEXT NOT NULL
        );
        CREATE INDEX sources_work ON sources(work_id);
        CREATE TABLE tags (
            id       INTEGER PRIMARY KEY,
            category TEXT NOT NULL,
            name     TEXT NOT NULL COLLATE NOCASE,
            UNIQUE (category, name)
        );
        CREATE TABLE work_tags (
            work_id    INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            tag_id     INTEGER NOT NULL REFERENCES tags(id),
            origin     TEXT NOT NULL CHECK (origin IN ('declared', 'inferred', 'user')),
            confidence REAL,
            evidence   TEXT,
            position   INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (work_id, tag_id, origin)
        );
        CREATE INDEX work_tags_tag ON work_tags(tag_id);
        """,

        // 2: tag wrangling (canonical tags, synonyms, parents) and near-duplicate fingerprints of works.
        """
        ALTER TABLE tags ADD COLUMN canonical INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tags ADD COLUMN synonym_of INTEGER REFERENCES tags(id) ON DELETE SET NULL;
        CREATE INDEX tags_synonym_of ON tags(synonym_of);
        CREATE TABLE tag_parents (
            child_id  INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            parent_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (child_id, parent_id)
        );
        CREATE TABLE work_fingerprints (
            work_id INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
            minhash BLOB NOT NULL
        );
        CREATE TABLE work_lsh (
            band    INTEGER NOT NULL,
            bucket  INTEGER NOT NULL,
            work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            PRIMARY KEY (band, bucket, work_id)
        ) WITHOUT ROWID;
        CREATE INDEX work_lsh_work ON work_lsh(work_id);
        """,

        // 3: how alike each source's text is to the text its work shows (null: the same text).
        """
        ALTER TABLE sources ADD COLUMN similarity REAL;
        """,

        // 4: reader state for the web reader: accounts (optional), bookmarks with a note, reading progress and read marks.
        // user_id 0 is the local single user (no account row); names are matched by a lower-cased key.
        """
        CREATE TABLE users (
            id            INTEGER PRIMARY KEY,
            name          TEXT NOT NULL,
            name_key      TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            is_admin      INTEGER NOT NULL DEFAULT 0,
            created_at    TEXT NOT NULL
        );
        CREATE TABLE bookmarks (
            user_id    INTEGER NOT NULL,
            work_id    INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            note       TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (user_id, work_id)
        );
        CREATE TABLE reading_progress (
            user_id    INTEGER NOT NULL,
            work_id    INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            chapter    INTEGER NOT NULL DEFAULT 1,
            is_read    INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (user_id, work_id)
        );
        """,

        // 5: what the platform says of a work (series part, its own story id, chapter total, dates as ISO text), each
        // copy's story id, and a chapter's inline/block formatting as one JSON text (NULL for a plain chapter).
        """
        ALTER TABLE works ADD COLUMN series_part INTEGER;
        ALTER TABLE works ADD COLUMN platform_work_id TEXT;
        ALTER TABLE works ADD COLUMN chapters_total INTEGER;
        ALTER TABLE works ADD COLUMN published TEXT;
        ALTER TABLE works ADD COLUMN updated TEXT;
        ALTER TABLE chapters ADD COLUMN formatting TEXT;
        ALTER TABLE sources ADD COLUMN platform_work_id TEXT;
        CREATE INDEX sources_platform_work ON sources(platform, platform_work_id);
        """,

        // 6: AO3's "Mark for Later": works a reader means to read, newest mark first.
        """
        CREATE TABLE marked_for_later (
            user_id   INTEGER NOT NULL,
            work_id   INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
            marked_at TEXT NOT NULL,
            PRIMARY KEY (user_id, work_id)
        );
        CREATE INDEX marked_for_later_newest ON marked_for_later(user_id, marked_at);
        """,
    ];

    public static int CurrentVersion => Steps.Length;

    public static void Apply(SqliteConnection connection)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > Steps.Length)
            throw new ArchiveException($"the archive was written by a newer Ficshelf (schema {version}; this one knows up to {Steps.Length})");
        for (var step = version; step < Steps.Length; step++)
        {
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Steps[step] + $";\nPRAGMA user_version = {step + 1};";
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
