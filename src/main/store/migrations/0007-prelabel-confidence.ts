// Migration 7: per-field confidence of model pre-labels, from the engine's token log-probabilities.
// Frozen once released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const PRELABEL_CONFIDENCE_SQL = `
      -- One row per model pre-label that asked for log-probabilities. 'none': the engine gave none.
      -- tokens is the engine's token stream, deflated JSON (store/confidence.ts), kept to recompute.
      CREATE TABLE prelabel_confidence (
        prelabel_id INTEGER PRIMARY KEY REFERENCES prelabels(id),
        status TEXT NOT NULL CHECK (status IN ('scored', 'none')),
        reason TEXT,
        top_k INTEGER,
        tokens BLOB,
        fields_json TEXT,
        min_p REAL
      );
      CREATE TRIGGER prelabel_confidence_no_update BEFORE UPDATE ON prelabel_confidence
        BEGIN SELECT RAISE(ABORT, 'prelabel_confidence is append-only'); END;
      CREATE TRIGGER prelabel_confidence_no_delete BEFORE DELETE ON prelabel_confidence
        BEGIN SELECT RAISE(ABORT, 'prelabel_confidence is append-only'); END;

      -- Each scored field, for the Library's "confidence below x on field f" filter; field drops the subject index.
      CREATE TABLE prelabel_field_confidence (
        prelabel_id INTEGER NOT NULL REFERENCES prelabels(id),
        path TEXT NOT NULL,
        field TEXT NOT NULL,
        p REAL NOT NULL,
        PRIMARY KEY (prelabel_id, path)
      ) WITHOUT ROWID;
      CREATE INDEX prelabel_field_confidence_field ON prelabel_field_confidence (field, p);

      -- The latest pre-label's min_p, for "least confident first"; a new pre-label clears it until its row comes.
      ALTER TABLE clips ADD COLUMN confidence REAL;
      CREATE INDEX clips_confidence ON clips (confidence);
      CREATE TRIGGER prelabels_confidence AFTER INSERT ON prelabels BEGIN
        UPDATE clips SET confidence = NULL WHERE id = NEW.clip_id;
      END;
      CREATE TRIGGER prelabel_confidence_library AFTER INSERT ON prelabel_confidence BEGIN
        UPDATE clips SET confidence = NEW.min_p
        WHERE id = (SELECT clip_id FROM prelabels WHERE id = NEW.prelabel_id)
          AND NEW.prelabel_id = (SELECT MAX(p.id) FROM prelabels p WHERE p.clip_id = clips.id);
      END;
    `
