// Migration 12: the search index is brought up to date in batches, not inside every save.
// Migration 4's triggers rewrote a clip's caption_fts row in the statement that saved it, so every
// save wrote an FTS5 segment of its own at commit. Now they mark the clip in search_pending (a small
// insert in the same transaction) and store/searchIndex.ts rewrites the rows of every marked clip at
// once: shortly after the saves, and always before a search reads the index.
// Frozen once released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
// A \ at a line's end joins the next line to it: the SQL has them as one line.
export const SEARCH_PENDING_SQL = `
  -- FTS5 merges segments only when store/searchIndex.ts asks, a few pages per batch; a level reaching
  -- 64 segments still merges at once.
  INSERT INTO caption_fts (caption_fts, rank) VALUES ('automerge', 0);
  INSERT INTO caption_fts (caption_fts, rank) VALUES ('crisismerge', 64);

  -- Clips whose search index row is behind their latest caption.
  CREATE TABLE search_pending (clip_id INTEGER PRIMARY KEY REFERENCES clips(id) ON DELETE CASCADE);

  -- Migration 4's triggers, with the same column updates; the index rewrite becomes a mark.
  DROP TRIGGER prelabels_library;
  CREATE TRIGGER prelabels_library AFTER INSERT ON prelabels BEGIN
    UPDATE clips SET
      shot_angle = CASE WHEN human THEN shot_angle ELSE json_extract(NEW.caption_json, '$.shot_angle') END,
      shot_position = CASE WHEN human THEN shot_position ELSE json_extract(NEW.caption_json, '$.shot_position') END,
      disagree = COALESCE((SELECT (json_extract(r.caption_json, '$.shot_type') IS NOT json_extract(NEW.caption_json, '$.shot_type')) * 1\
 + (json_extract(r.caption_json, '$.shot_angle') IS NOT json_extract(NEW.caption_json, '$.shot_angle')) * 2\
 + (json_extract(r.caption_json, '$.shot_position') IS NOT json_extract(NEW.caption_json, '$.shot_position')) * 4\
 + (json_extract(r.caption_json, '$.camera_motion') IS NOT json_extract(NEW.caption_json, '$.camera_motion')) * 8\
 + (json_extract(r.caption_json, '$.environment') IS NOT json_extract(NEW.caption_json, '$.environment')) * 16\
 + (json_extract(r.caption_json, '$.lighting') IS NOT json_extract(NEW.caption_json, '$.lighting')) * 32\
 + (json_array_length(r.caption_json, '$.subjects') IS NOT json_array_length(NEW.caption_json, '$.subjects')) * 64
        FROM (SELECT (SELECT caption_json FROM revisions WHERE clip_id = NEW.clip_id ORDER BY number DESC LIMIT 1) AS caption_json) r WHERE r.caption_json IS NOT NULL), 0)
    FROM (SELECT EXISTS (SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id) AS human)
    WHERE id = NEW.clip_id;
    -- A pre-label is the clip's caption only until a human saves one.
    INSERT OR IGNORE INTO search_pending (clip_id)
      SELECT NEW.clip_id WHERE NOT EXISTS (SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id);
  END;

  DROP TRIGGER revisions_library;
  CREATE TRIGGER revisions_library AFTER INSERT ON revisions BEGIN
    UPDATE clips SET
      shot_angle = json_extract(NEW.caption_json, '$.shot_angle'),
      shot_position = json_extract(NEW.caption_json, '$.shot_position'),
      annotator = NEW.annotator,
      disagree = COALESCE((SELECT (json_extract(NEW.caption_json, '$.shot_type') IS NOT json_extract(p.caption_json, '$.shot_type')) * 1\
 + (json_extract(NEW.caption_json, '$.shot_angle') IS NOT json_extract(p.caption_json, '$.shot_angle')) * 2\
 + (json_extract(NEW.caption_json, '$.shot_position') IS NOT json_extract(p.caption_json, '$.shot_position')) * 4\
 + (json_extract(NEW.caption_json, '$.camera_motion') IS NOT json_extract(p.caption_json, '$.camera_motion')) * 8\
 + (json_extract(NEW.caption_json, '$.environment') IS NOT json_extract(p.caption_json, '$.environment')) * 16\
 + (json_extract(NEW.caption_json, '$.lighting') IS NOT json_extract(p.caption_json, '$.lighting')) * 32\
 + (json_array_length(NEW.caption_json, '$.subjects') IS NOT json_array_length(p.caption_json, '$.subjects')) * 64
        FROM (SELECT (SELECT caption_json FROM prelabels WHERE clip_id = NEW.clip_id ORDER BY id DESC LIMIT 1) AS caption_json) p WHERE p.caption_json IS NOT NULL), 0)
    WHERE id = NEW.clip_id;
    -- A status-only revision (same caption) leaves the search index alone: bulk changes stay cheap.
    INSERT OR IGNORE INTO search_pending (clip_id) SELECT NEW.clip_id WHERE NOT EXISTS (
      SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id AND number = NEW.number - 1 AND caption_json = NEW.caption_json);
  END;
`
