import type { Migration } from '../migrations';

/**
 * Each change's `base` (the stamp of the value an edit replaced where it was made, so
 * devices can tell concurrent edits from later ones), and note updates an owner takes out
 * of use. Whole rows and set-based SQL need nothing more.
 */
export const pushMigration: Migration = {
	id: 6,
	name: 'sync: edit bases, quarantined note updates',
	sql: /* sql */ `
ALTER TABLE changes ADD COLUMN base_hlc text;

-- A stored note update an owner has taken out of use: exports, backups and pulls skip it.
-- The change stays in the log (its seq keeps every cursor valid); only its use stops.
CREATE TABLE quarantined_note_updates (
	op_id text PRIMARY KEY,
	project_id text NOT NULL,
	note_id text NOT NULL,
	quarantined_by text NOT NULL,
	quarantined_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quarantined_note_updates_project ON quarantined_note_updates (project_id);
`
};
