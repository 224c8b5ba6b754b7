// Released migration 2: the clips of a batch job.
// Frozen as released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const JOB_ITEMS_SQL = `
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
