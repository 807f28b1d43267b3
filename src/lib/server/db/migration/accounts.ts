import type { Migration } from '../migrations';

/** accounts: admin, disabled, password changes, auth events, setup code. */
export const accountsMigration: Migration = {
	id: 3,
	name: 'accounts: admin, disabled, password changes, auth events, setup code',
	sql: /* sql */ `
SELECT 1;
`
};
