import type { Migration } from '../migrations';

/**
 * Note updates an owner takes out of use. The push itself needs no schema change: whole
 * rows and set-based SQL work on the tables of migration 2.
 */
export const pushMigration: Migration = {
	id: 6,
	name: 'sync: quarantined note updates',
	sql: /* sql */ `
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
