// Released migration 3: T2V / I2V prose made from structural captions.
// Frozen as released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const FUSION_CAPTIONS_SQL = `
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
      
    CREATE TRIGGER fusion_captions_no_update BEFORE UPDATE ON fusion_captions
      BEGIN SELECT RAISE(ABORT, 'fusion_captions are append-only'); END;
    CREATE TRIGGER fusion_captions_no_delete BEFORE DELETE ON fusion_captions
      BEGIN SELECT RAISE(ABORT, 'fusion_captions are append-only'); END;
    `
