/**
 * Schema for the Library's filters: the latest caption's angle/position, the latest annotator, a
 * "human differs from model" bit per field, and full-text search over the latest caption.
 *
 * Triggers keep it in sync inside the very statement that writes a pre-label or a revision, so
 * no code path (save, import, job, bulk change) can forget it; the backfill uses the same SQL
 * expressions. This text is part of a released migration: change the schema with a new one.
 */
import { DISAGREE_FIELDS, type DisagreeField } from '../../shared/contract'

/** Bit of each field in clips.disagree. */
export const DISAGREE_BITS = Object.fromEntries(DISAGREE_FIELDS.map((f, i) => [f, 1 << i])) as Record<DisagreeField, number>

const SUBJECT_TEXT = ['$.TYPES.type', '$.TYPES.sub_type', '$.appearance', '$.action', '$.expression', '$.position']
const CAPTION_TEXT = ['$.camera_motion', '$.environment', '$.lighting']

/** The searchable words of a caption (JSON text in `c`): free-text fields and every subject's text. */
function captionText(c: string): string {
  const subject = SUBJECT_TEXT.map((p) => `json_extract(s.value, '${p}')`).join(', ')
  const fields = CAPTION_TEXT.map((p) => `json_extract(${c}, '${p}')`).join(', ')
  return `concat_ws(' ', ${fields},
    (SELECT group_concat(concat_ws(' ', ${subject}), ' ') FROM json_each(${c}, '$.subjects') s))`
}

/** clips.disagree for a revision caption `r` against a pre-label caption `p` (both JSON text). */
function disagreeBits(r: string, p: string): string {
  const differs = (f: DisagreeField): string =>
    f === 'subject_count'
      ? `(json_array_length(${r}, '$.subjects') IS NOT json_array_length(${p}, '$.subjects'))`
      : `(json_extract(${r}, '$.${f}') IS NOT json_extract(${p}, '$.${f}'))`
  return DISAGREE_FIELDS.map((f) => `${differs(f)} * ${DISAGREE_BITS[f]}`).join(' + ')
}

const latestRevisionOf = (clip: string) =>
  `(SELECT caption_json FROM revisions WHERE clip_id = ${clip} ORDER BY number DESC LIMIT 1)`
const latestPrelabelOf = (clip: string) =>
  `(SELECT caption_json FROM prelabels WHERE clip_id = ${clip} ORDER BY id DESC LIMIT 1)`

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
      disagree = COALESCE((SELECT ${disagreeBits('r.caption_json', 'NEW.caption_json')}
        FROM (SELECT ${latestRevisionOf('NEW.clip_id')} AS caption_json) r WHERE r.caption_json IS NOT NULL), 0)
    FROM (SELECT EXISTS (SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id) AS human)
    WHERE id = NEW.clip_id;
    DELETE FROM caption_fts
      WHERE rowid = NEW.clip_id AND NOT EXISTS (SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id);
    INSERT INTO caption_fts (rowid, body)
      SELECT NEW.clip_id, ${captionText('NEW.caption_json')}
      WHERE NOT EXISTS (SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id);
  END;

  CREATE TRIGGER revisions_library AFTER INSERT ON revisions BEGIN
    UPDATE clips SET
      shot_angle = json_extract(NEW.caption_json, '$.shot_angle'),
      shot_position = json_extract(NEW.caption_json, '$.shot_position'),
      annotator = NEW.annotator,
      disagree = COALESCE((SELECT ${disagreeBits('NEW.caption_json', 'p.caption_json')}
        FROM (SELECT ${latestPrelabelOf('NEW.clip_id')} AS caption_json) p WHERE p.caption_json IS NOT NULL), 0)
    WHERE id = NEW.clip_id;
    -- A status-only revision (same caption) leaves the search index alone: bulk changes stay cheap.
    DELETE FROM caption_fts WHERE rowid = NEW.clip_id AND NOT EXISTS (
      SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id AND number = NEW.number - 1 AND caption_json = NEW.caption_json);
    INSERT INTO caption_fts (rowid, body)
      SELECT NEW.clip_id, ${captionText('NEW.caption_json')} WHERE NOT EXISTS (
        SELECT 1 FROM revisions WHERE clip_id = NEW.clip_id AND number = NEW.number - 1 AND caption_json = NEW.caption_json);
  END;

  -- Backfill projects written before this migration.
  CREATE TEMP TABLE latest_captions AS
    SELECT id AS clip_id, ${latestRevisionOf('clips.id')} AS rev, ${latestPrelabelOf('clips.id')} AS pre,
      (SELECT annotator FROM revisions WHERE clip_id = clips.id ORDER BY number DESC LIMIT 1) AS annotator
    FROM clips;
  UPDATE clips SET
    shot_angle = json_extract(COALESCE(l.rev, l.pre), '$.shot_angle'),
    shot_position = json_extract(COALESCE(l.rev, l.pre), '$.shot_position'),
    annotator = l.annotator,
    disagree = CASE WHEN l.rev IS NULL OR l.pre IS NULL THEN 0 ELSE ${disagreeBits('l.rev', 'l.pre')} END
  FROM temp.latest_captions l WHERE l.clip_id = clips.id;
  INSERT INTO caption_fts (rowid, body)
    SELECT clip_id, ${captionText('COALESCE(rev, pre)')} FROM temp.latest_captions WHERE COALESCE(rev, pre) IS NOT NULL;
  DROP TABLE temp.latest_captions;
`
