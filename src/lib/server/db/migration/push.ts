import type { Migration } from '../migrations';

/** sync: whole rows and set-based push. */
export const pushMigration: Migration = {
	id: 6,
	name: 'sync: whole rows and set-based push',
	sql: /* sql */ `
SELECT 1;
`
};
