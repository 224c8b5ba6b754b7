import { CLIP_STATUSES } from '../../shared/contract'

export interface Migration {
  version: number
  sql: string
}

const statusList = CLIP_STATUSES.map((s) => `'${s}'`).join(', ')

/** Raises on UPDATE/DELETE so append-only tables stay append-only whatever code runs. */
function appendOnly(table: string): string {
  return `
    CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} are append-only'); END;
    CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} are append-only'); END;`
}

/**
 * Numbered, applied in order inside one transaction each, tracked by PRAGMA user_version.
 * Never edit a released migration: add a new one.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
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
        status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (status IN (${statusList})),
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
      ${appendOnly('prelabels')}

      CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        clip_id INTEGER NOT NULL REFERENCES clips(id),
        number INTEGER NOT NULL CHECK (number >= 1),
        caption_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN (${statusList})),
        annotator TEXT NOT NULL,
        prelabel_id INTEGER REFERENCES prelabels(id),
        created_at TEXT NOT NULL,
        UNIQUE (clip_id, number)
      );
      ${appendOnly('revisions')}

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
  },
  {
    version: 2,
    sql: `
      -- The clips of a batch job; an item turns done in the transaction that stores its pre-label.
      CREATE TABLE job_items (
        job_id INTEGER NOT NULL REFERENCES jobs(id),
        clip_id INTEGER NOT NULL REFERENCES clips(id),
        seq INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
        error TEXT,
        prelabel_id INTEGER REFERENCES prelabels(id),
        finished_at TEXT,
        PRIMARY KEY (job_id, clip_id)
      );
      CREATE INDEX job_items_order ON job_items(job_id, state, seq);
    `
  },
  {
    version: 3,
    sql: `
      -- T2V / I2V prose made from a structural caption: by the LLM ('model'), without it for clips
      -- with no subjects ('rule'), or typed by an annotator ('human'). Append-only: an edit is the
      -- next number of the (clip, task) pair, so every earlier text stays.
      CREATE TABLE fusion_captions (
        id INTEGER PRIMARY KEY,
        clip_id INTEGER NOT NULL REFERENCES clips(id),
        task TEXT NOT NULL CHECK (task IN ('t2v', 'i2v')),
        number INTEGER NOT NULL CHECK (number >= 1),
        text TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('model', 'rule', 'human')),
        annotator TEXT,
        -- what it was made from: revision number (0 = the pre-label) and pre-label id
        revision_number INTEGER NOT NULL DEFAULT 0,
        prelabel_id INTEGER REFERENCES prelabels(id),
        job_id INTEGER REFERENCES jobs(id),
        source_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        UNIQUE (clip_id, task, number)
      );
      ${appendOnly('fusion_captions')}
    `
  }
]

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
