// Migration 11: the review stage and blind overlap (docs/team.md).
// Frozen once released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const REVIEW_OVERLAP_SQL = `
      -- Where a clip and a revision are in review, beside the status: migration 1's CHECK on status stays.
      -- 'in_review': sent to review (status in_progress); 'returned': sent back to its annotator.
      ALTER TABLE clips ADD COLUMN stage TEXT CHECK (stage IN ('in_review', 'returned'));
      ALTER TABLE revisions ADD COLUMN stage TEXT CHECK (stage IN ('in_review', 'returned'));
      -- The status people see and filter on: the stage while there is one, else the status.
      ALTER TABLE clips ADD COLUMN state TEXT GENERATED ALWAYS AS (coalesce(stage, status)) VIRTUAL;
      CREATE INDEX clips_state_id ON clips(state, id);

      -- One row per time a clip was sent to review, and the reviewer's decision on it.
      -- Person ids are NULL for the host's operator.
      CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        submitted_number INTEGER NOT NULL,
        submitted_by INTEGER REFERENCES people(id),
        submitted_at TEXT NOT NULL,
        -- NULL until decided
        verdict TEXT CHECK (verdict IN ('approved', 'returned')),
        reviewer_id INTEGER REFERENCES people(id),
        comment TEXT,
        decided_number INTEGER,
        decided_at TEXT
      );
      CREATE INDEX reviews_clip ON reviews(clip_id, id);
      CREATE INDEX reviews_submitter ON reviews(submitted_by, verdict);

      -- Clips chosen to be labelled by two annotators independently, until a reviewer adjudicates them.
      CREATE TABLE overlap_clips (
        clip_id INTEGER PRIMARY KEY REFERENCES clips(id) ON DELETE CASCADE,
        chosen_at TEXT NOT NULL,
        adjudicated_number INTEGER,
        adjudicated_by INTEGER REFERENCES people(id),
        adjudicated_at TEXT
      );

      -- Each overlap annotator's own versions of a clip, append-only and never shown to the other.
      CREATE TABLE blind_labels (
        id INTEGER PRIMARY KEY,
        clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id),
        number INTEGER NOT NULL CHECK (number >= 1),
        caption_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'approved', 'rejected', 'flagged')),
        prelabel_id INTEGER REFERENCES prelabels(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        UNIQUE (clip_id, person_id, number)
      );
      CREATE INDEX blind_labels_person ON blind_labels(person_id, clip_id);
`
