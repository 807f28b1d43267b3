import type { Migration } from '../migrations';

/** erasure: prune horizon for deleted content. */
export const pruneMigration: Migration = {
	id: 5,
	name: 'erasure: prune horizon for deleted content',
	sql: /* sql */ `
SELECT 1;
`
};
