import type { Migration } from '../migrations';

/** attachments: per-project ownership, verified chunks, quotas. */
export const blobsMigration: Migration = {
	id: 4,
	name: 'attachments: per-project ownership, verified chunks, quotas',
	sql: /* sql */ `
SELECT 1;
`
};
