// Released migration 1: project_meta, clips, pre-labels and revisions (append-only), jobs.
// Frozen as released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const INITIAL_SQL = `
      CREATE TABLE project_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE clips (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        size INTEGER,
        mtime_ms REAL,
        fingerprint TEXT,
        duration REAL,
        fps REAL,
        frame_count INTEGER,
        width INTEGER,
        height INTEGER,
        codec TEXT,
        import_error TEXT,
        extra_json TEXT NOT NULL DEFAULT '{}',
        imported_at TEXT NOT NULL,
        -- Denormalised from prelabels/revisions in the same transaction, for fast Library lists.
        status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (status IN ('unreviewed', 'in_progress', 'approved', 'rejected', 'flagged')),
        shot_type TEXT,
        prelabel_source TEXT,
        latest_revision_number INTEGER NOT NULL DEFAULT 0
      );
      -- Sort keys for the Library; SQLite appends the rowid (id) to each, which is our tie-break.
      CREATE INDEX clips_name ON clips(name);
      CREATE INDEX clips_duration ON clips(duration);
      CREATE INDEX clips_resolution ON clips(width * height);
      CREATE INDEX clips_shot_type ON clips(shot_type);
      CREATE INDEX clips_prelabel_source ON clips(prelabel_source);
      -- Status is the common filter: pair it with the sort keys used most.
      CREATE INDEX clips_status_name ON clips(status, name);
      CREATE INDEX clips_status_id ON clips(status, id);

      CREATE TABLE prelabels (
        id INTEGER PRIMARY KEY,
        clip_id INTEGER NOT NULL REFERENCES clips(id),
        raw_text TEXT NOT NULL,
        caption_json TEXT NOT NULL,
        problems_json TEXT NOT NULL,
        source_kind TEXT NOT NULL CHECK (source_kind IN ('imported', 'model')),
        source_json TEXT NOT NULL,
        timings_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      );
      CREATE INDEX prelabels_clip ON prelabels(clip_id, id);
      
    CREATE TRIGGER prelabels_no_update BEFORE UPDATE ON prelabels
      BEGIN SELECT RAISE(ABORT, 'prelabels are append-only'); END;
    CREATE TRIGGER prelabels_no_delete BEFORE DELETE ON prelabels
      BEGIN SELECT RAISE(ABORT, 'prelabels are append-only'); END;

      CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        clip_id INTEGER NOT NULL REFERENCES clips(id),
        number INTEGER NOT NULL CHECK (number >= 1),
        caption_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('unreviewed', 'in_progress', 'approved', 'rejected', 'flagged')),
        annotator TEXT NOT NULL,
        prelabel_id INTEGER REFERENCES prelabels(id),
        created_at TEXT NOT NULL,
        UNIQUE (clip_id, number)
      );
      
    CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
      BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
    CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
      BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        params_json TEXT NOT NULL DEFAULT '{}',
        progress_json TEXT NOT NULL DEFAULT '{}',
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_state ON jobs(state, id);
    `
