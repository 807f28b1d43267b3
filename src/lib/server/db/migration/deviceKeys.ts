import type { Migration } from '../migrations';

/**
 * A tablet's way back in when its PIN is forgotten: a random secret per (user, key ring)
 * that the server hands only to someone who signs in with that user's password. The tablet
 * keeps its data key wrapped by the secret; neither side alone can open the data.
 */
export const deviceKeysMigration: Migration = {
	id: 7,
	name: 'accounts: device recovery secrets',
	sql: /* sql */ `
CREATE TABLE device_keys (
	user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	-- The tablet's key ring (a random UUID made with the ring): no device name, no fingerprint.
	ring_id text NOT NULL,
	-- 32 random bytes, base64url.
	secret text NOT NULL,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (user_id, ring_id)
);
`
};
