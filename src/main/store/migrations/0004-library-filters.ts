// Released migration 4: schema for the Library's filters: the latest caption's angle/position, the
// latest annotator, a "human differs from model" bit per field (bits in libraryMigration.ts) and
// full-text search over the latest caption. Triggers keep it in sync inside the very statement that
// writes a pre-label or a revision, so no code path (save, import, job, bulk change) can forget it;
// the backfill uses the same SQL expressions.
// Frozen as released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
// A \ at a line's end joins the next line to it: the SQL has them as one line.
export const LIBRARY_FILTERS_SQL = `
  ALTER TABLE clips ADD COLUMN shot_angle TEXT;
  ALTER TABLE clips ADD COLUMN shot_position TEXT;
  ALTER TABLE clips ADD COLUMN annotator TEXT;
  ALTER TABLE clips ADD COLUMN disagree INTEGER NOT NULL DEFAULT 0;

  CREATE INDEX clips_shot_angle ON clips(shot_angle);
  CREATE INDEX clips_shot_position ON clips(shot_position);
  CREATE INDEX clips_annotator ON clips(annotator);
  -- The common pair of filters; count and first page come straight from this index.
  CREATE INDEX clips_status_shot_type ON clips(status, shot_type);
  -- Few clips disagree: the filter reads only those.
  CREATE INDEX clips_disagree ON clips(disagree) WHERE disagree != 0;

  -- One row per clip (rowid = clip id) with the latest caption's text. Contentless: the text
  -- already lives in the caption JSON; contentless_delete lets a new caption replace the row.
  CREATE VIRTUAL TABLE caption_fts USING fts5(
    body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
  );

  -- A pre-label is the clip's caption only until a human saves one.
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
    DELETE FROM caption_fts
      WHERE rowid = NEW.clip_id AND NOT EXISTS (SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id);
    INSERT INTO caption_fts (rowid, body)
      SELECT NEW.clip_id, concat_ws(' ', json_extract(NEW.caption_json, '$.camera_motion'), json_extract(NEW.caption_json, '$.environment'), \
json_extract(NEW.caption_json, '$.lighting'),
    (SELECT group_concat(concat_ws(' ', json_extract(s.value, '$.TYPES.type'), json_extract(s.value, '$.TYPES.sub_type'), \
json_extract(s.value, '$.appearance'), json_extract(s.value, '$.action'), json_extract(s.value, '$.expression'), \
json_extract(s.value, '$.position')), ' ') FROM json_each(NEW.caption_json, '$.subjects') s))
      WHERE NOT EXISTS (SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id);
  END;

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
    DELETE FROM caption_fts WHERE rowid = NEW.clip_id AND NOT EXISTS (
      SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id AND number = NEW.number - 1 AND caption_json = NEW.caption_json);
    INSERT INTO caption_fts (rowid, body)
      SELECT NEW.clip_id, concat_ws(' ', json_extract(NEW.caption_json, '$.camera_motion'), json_extract(NEW.caption_json, '$.environment'), \
json_extract(NEW.caption_json, '$.lighting'),
    (SELECT group_concat(concat_ws(' ', json_extract(s.value, '$.TYPES.type'), json_extract(s.value, '$.TYPES.sub_type'), \
json_extract(s.value, '$.appearance'), json_extract(s.value, '$.action'), json_extract(s.value, '$.expression'), \
json_extract(s.value, '$.position')), ' ') FROM json_each(NEW.caption_json, '$.subjects') s)) WHERE NOT EXISTS (
        SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id AND number = NEW.number - 1 AND caption_json = NEW.caption_json);
  END;

  -- Backfill projects written before this migration.
  CREATE TEMP TABLE latest_captions AS
    SELECT id AS clip_id, (SELECT caption_json FROM revisions WHERE clip_id = clips.id ORDER BY number DESC LIMIT 1) AS rev, \
(SELECT caption_json FROM prelabels WHERE clip_id = clips.id ORDER BY id DESC LIMIT 1) AS pre,
      (SELECT annotator FROM revisions WHERE clip_id = clips.id ORDER BY number DESC LIMIT 1) AS annotator
    FROM clips;
  UPDATE clips SET
    shot_angle = json_extract(COALESCE(l.rev, l.pre), '$.shot_angle'),
    shot_position = json_extract(COALESCE(l.rev, l.pre), '$.shot_position'),
    annotator = l.annotator,
    disagree = CASE WHEN l.rev IS NULL OR l.pre IS NULL THEN 0 ELSE (json_extract(l.rev, '$.shot_type') IS NOT json_extract(l.pre, '$.shot_type')) * 1\
 + (json_extract(l.rev, '$.shot_angle') IS NOT json_extract(l.pre, '$.shot_angle')) * 2\
 + (json_extract(l.rev, '$.shot_position') IS NOT json_extract(l.pre, '$.shot_position')) * 4\
 + (json_extract(l.rev, '$.camera_motion') IS NOT json_extract(l.pre, '$.camera_motion')) * 8\
 + (json_extract(l.rev, '$.environment') IS NOT json_extract(l.pre, '$.environment')) * 16\
 + (json_extract(l.rev, '$.lighting') IS NOT json_extract(l.pre, '$.lighting')) * 32\
 + (json_array_length(l.rev, '$.subjects') IS NOT json_array_length(l.pre, '$.subjects')) * 64 END
  FROM temp.latest_captions l WHERE l.clip_id = clips.id;
  INSERT INTO caption_fts (rowid, body)
    SELECT clip_id, concat_ws(' ', json_extract(COALESCE(rev, pre), '$.camera_motion'), json_extract(COALESCE(rev, pre), '$.environment'), \
json_extract(COALESCE(rev, pre), '$.lighting'),
    (SELECT group_concat(concat_ws(' ', json_extract(s.value, '$.TYPES.type'), json_extract(s.value, '$.TYPES.sub_type'), \
json_extract(s.value, '$.appearance'), json_extract(s.value, '$.action'), json_extract(s.value, '$.expression'), \
json_extract(s.value, '$.position')), ' ') FROM json_each(COALESCE(rev, pre), '$.subjects') s)) FROM temp.latest_captions WHERE COALESCE(rev, pre) IS NOT NULL;
  DROP TABLE temp.latest_captions;
`
