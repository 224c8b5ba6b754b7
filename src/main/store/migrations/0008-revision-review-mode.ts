// Migration 8: how a revision was reviewed when the project pre-accepts the model's confident fields.
// Frozen once released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const REVISION_REVIEW_MODE_SQL = `
      -- 'accepted': fields_json lists the paths that started accepted and were saved still holding the model's
      -- value, unlooked; 'audit': the clip was drawn for full review, fields_json the paths that would have been
      -- accepted. No row: every field was shown for review. Calibration leaves out the unlooked fields.
      CREATE TABLE revision_review_mode (
        revision_id INTEGER PRIMARY KEY REFERENCES revisions(id),
        mode TEXT NOT NULL CHECK (mode IN ('accepted', 'audit')),
        fields_json TEXT NOT NULL
      );
      CREATE TRIGGER revision_review_mode_no_update BEFORE UPDATE ON revision_review_mode
        BEGIN SELECT RAISE(ABORT, 'revision_review_mode is append-only'); END;
      CREATE TRIGGER revision_review_mode_no_delete BEFORE DELETE ON revision_review_mode
        BEGIN SELECT RAISE(ABORT, 'revision_review_mode is append-only'); END;
    `
