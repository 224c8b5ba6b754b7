// Released migration 5: frame times, flag reasons and the TYPES suggestions.
// Frozen as released: never edit this text (test/store/migrations.test.ts holds its sha256);
// change the schema with a new migration.
export const FRAME_TIMES_SUBJECT_TYPES_SQL = `
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
          SELECT trim(coalesce(json_extract(value, '$.TYPES.type'), '')) AS type, trim(coalesce(json_extract(value, '$.TYPES.sub_type'), '')) AS sub_type FROM prelabels, json_each(prelabels.caption_json, '$.subjects')
          UNION ALL
          SELECT trim(coalesce(json_extract(value, '$.TYPES.type'), '')), trim(coalesce(json_extract(value, '$.TYPES.sub_type'), '')) FROM revisions, json_each(revisions.caption_json, '$.subjects')
        ) WHERE type <> '' GROUP BY type, sub_type;
      
    CREATE TRIGGER prelabels_subject_types AFTER INSERT ON prelabels BEGIN
      INSERT INTO subject_types (type, sub_type, uses)
        SELECT trim(coalesce(json_extract(value, '$.TYPES.type'), '')), trim(coalesce(json_extract(value, '$.TYPES.sub_type'), '')), 1 FROM json_each(NEW.caption_json, '$.subjects')
        WHERE trim(coalesce(json_extract(value, '$.TYPES.type'), '')) <> ''
        ON CONFLICT (type, sub_type) DO UPDATE SET uses = uses + 1;
    END;
      
    CREATE TRIGGER revisions_subject_types AFTER INSERT ON revisions BEGIN
      INSERT INTO subject_types (type, sub_type, uses)
        SELECT trim(coalesce(json_extract(value, '$.TYPES.type'), '')), trim(coalesce(json_extract(value, '$.TYPES.sub_type'), '')), 1 FROM json_each(NEW.caption_json, '$.subjects')
        WHERE trim(coalesce(json_extract(value, '$.TYPES.type'), '')) <> ''
        ON CONFLICT (type, sub_type) DO UPDATE SET uses = uses + 1;
    END;
    `
