import { CLIP_STATUSES } from '../../shared/contract'
import { LIBRARY_FILTERS_SQL } from './libraryMigration'

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

/** Adds the TYPES pairs of each new caption row to subject_types, in the writer's transaction. */
function countSubjectTypes(table: string): string {
  return `
    CREATE TRIGGER ${table}_subject_types AFTER INSERT ON ${table} BEGIN
      INSERT INTO subject_types (type, sub_type, uses)
        SELECT ${TYPE_SQL}, ${SUB_TYPE_SQL}, 1 FROM json_each(NEW.caption_json, '$.subjects')
        WHERE ${TYPE_SQL} <> ''
        ON CONFLICT (type, sub_type) DO UPDATE SET uses = uses + 1;
    END;`
}
const TYPE_SQL = "trim(coalesce(json_extract(value, '$.TYPES.type'), ''))"
const SUB_TYPE_SQL = "trim(coalesce(json_extract(value, '$.TYPES.sub_type'), ''))"

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
  },
  // Library filters: denormalised columns, search index and the triggers that keep them current.
  { version: 4, sql: LIBRARY_FILTERS_SQL },
  {
    version: 5,
    sql: `
      -- Every frame's presentation time, read once per clip file by ffprobe (store/frameTimes.ts);
      -- file_key (size:mtime) tells a changed file apart.
      CREATE TABLE frame_times (
        clip_id INTEGER PRIMARY KEY REFERENCES clips(id),
        file_key TEXT NOT NULL,
        times BLOB NOT NULL,
        end_time REAL NOT NULL,
        created_at TEXT NOT NULL
      );

      -- Why a clip was flagged, kept with the revision that flagged it.
      ALTER TABLE revisions ADD COLUMN flag_reason TEXT;

      -- TYPES pairs seen in pre-labels and revisions: the editor's suggestions, kept by triggers.
      CREATE TABLE subject_types (
        type TEXT NOT NULL,
        sub_type TEXT NOT NULL,
        uses INTEGER NOT NULL,
        PRIMARY KEY (type, sub_type)
      ) WITHOUT ROWID;
      INSERT INTO subject_types (type, sub_type, uses)
        SELECT type, sub_type, count(*) FROM (
          SELECT ${TYPE_SQL} AS type, ${SUB_TYPE_SQL} AS sub_type FROM prelabels, json_each(prelabels.caption_json, '$.subjects')
          UNION ALL
          SELECT ${TYPE_SQL}, ${SUB_TYPE_SQL} FROM revisions, json_each(revisions.caption_json, '$.subjects')
        ) WHERE type <> '' GROUP BY type, sub_type;
      ${countSubjectTypes('prelabels')}
      ${countSubjectTypes('revisions')}
    `
  }
]

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
