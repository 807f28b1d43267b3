import type { Migration } from '../migrations';

/**
 * erasure: prune horizon for deleted content.
 *
 * The content of a row deleted longer than the horizon is removed from `field_state` and
 * from the change log (`src/lib/server/sync/prune.ts`). A pruned change keeps its row in
 * `changes` – op id, table, row id, field name and stamp, no value – so a device that
 * sends the same op again is acknowledged and not applied a second time; `pruned_at`
 * marks it, and pulls never return it.
 *
 * `prune_state` holds, per project, the highest sequence number whose change was pruned:
 * a device whose cursor is older cannot replay the log and gets a snapshot instead.
 * `prune_audit` records what was erased without a word of it: table, row id, which
 * tombstone, when the row was deleted and pruned, and how many fields and changes went.
 */
export const pruneMigration: Migration = {
	id: 5,
	name: 'erasure: prune horizon for deleted content',
	sql: /* sql */ `
ALTER TABLE changes ADD COLUMN pruned_at timestamptz;

-- A snapshot pages through a project's field state in sequence order.
CREATE INDEX field_state_by_seq ON field_state (project_id, seq);

CREATE TABLE prune_state (
	project_id text PRIMARY KEY,
	-- Highest seq of a pruned change: a cursor below it gets a snapshot.
	pruned_through bigint NOT NULL,
	-- Highest seq the last run looked at: later runs check only newer changes for late
	-- content of rows already pruned.
	checked_through bigint NOT NULL,
	updated_at timestamptz NOT NULL
);

CREATE TABLE prune_audit (
	id bigserial PRIMARY KEY,
	project_id text NOT NULL,
	tbl text NOT NULL,
	row_id text NOT NULL,
	-- The tombstone (the seq of its deleted = 1 change) this line is about: a row deleted,
	-- restored and deleted again is pruned again.
	deleted_seq bigint NOT NULL,
	deleted_at timestamptz NOT NULL,
	pruned_at timestamptz NOT NULL,
	fields integer NOT NULL,
	changes integer NOT NULL
);
CREATE INDEX prune_audit_by_row ON prune_audit (project_id, tbl, row_id);
`
};
