// Migration 9: the project's people and their roles (docs/team.md).
// Frozen once released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const PEOPLE_SQL = `
      -- A person's token is never stored: only a scrypt hash with its own salt. No token yet (NULL):
      -- a name from an older project, who signs in once the lead issues one.
      CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('lead', 'reviewer', 'annotator')),
        token_salt BLOB,
        token_hash BLOB,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );

      -- Everyone who ever saved a revision (bulk status changes included) or typed a fusion caption
      -- becomes an annotator, dated by their first work; the names on the rows themselves stay as they are.
      INSERT INTO people (name, role, created_at)
        SELECT name, 'annotator', min(at) FROM (
          SELECT annotator AS name, created_at AS at FROM revisions
          UNION ALL
          SELECT annotator, created_at FROM fusion_captions WHERE origin = 'human'
        )
        WHERE name IS NOT NULL AND trim(name) <> ''
        GROUP BY name
        ORDER BY min(at), name;

      -- Who started a job: a person's name; NULL for the operator and for jobs from before.
      ALTER TABLE jobs ADD COLUMN started_by TEXT;
`
