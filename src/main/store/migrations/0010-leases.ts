// Migration 10: the work queue's leases and a lead's assignments (docs/team.md).
// Frozen once released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const LEASES_SQL = `
      -- One row per held clip: the primary key alone makes a clip held by two at once impossible.
      -- person_id NULL is the host's operator (the desktop app's implicit lead). An expired row is free.
      CREATE TABLE leases (
        clip_id INTEGER PRIMARY KEY REFERENCES clips(id) ON DELETE CASCADE,
        person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
        acquired_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      -- A person holds one clip at a time (NULLs, the operator, are not compared).
      CREATE UNIQUE INDEX leases_person ON leases(person_id);

      -- Clips a lead set aside for one person: they come first in that person's queue.
      CREATE TABLE assignments (
        clip_id INTEGER PRIMARY KEY REFERENCES clips(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        assigned_at TEXT NOT NULL
      );
      CREATE INDEX assignments_person ON assignments(person_id, clip_id);
`
