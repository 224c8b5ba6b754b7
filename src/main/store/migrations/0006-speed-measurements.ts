// Released migration 6: per-clip speed measured on this machine (models.measureSpeed).
// Frozen as released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const SPEED_MEASUREMENTS_SQL = `
      -- One clip captioned by one quant through the job path, timed. vision_ms is derived: the
      -- video request's prompt time minus a text-only prefill of the same token count.
      CREATE TABLE speed_measurements (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES jobs(id),
        clip_id INTEGER NOT NULL REFERENCES clips(id),
        model TEXT NOT NULL,
        quant TEXT,
        prompt_tokens INTEGER NOT NULL,
        prompt_ms REAL NOT NULL,
        text_prefill_ms REAL NOT NULL,
        vision_ms REAL NOT NULL,
        output_tokens INTEGER NOT NULL,
        predicted_ms REAL NOT NULL,
        wall_ms REAL NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (job_id, clip_id)
      );
      CREATE INDEX speed_measurements_model ON speed_measurements (model, id);
    `
