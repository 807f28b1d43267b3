import type Dexie from 'dexie';
import type { StoredBlob } from '$lib/domain/attachment';
import { sealBlob } from './blobSeal';
import { activeBlobKey } from './session';

export interface MigrationProgress {
	table: string;
	done: number;
	total: number;
}

/**
 * The one-time rewrite when a PIN is first set on a device that already holds data:
 * every row of every table is read (plain) and written back (sealed by the
 * middleware), in batches of `batchSize` per transaction, so a tablet with 10 000
 * entries neither holds them all in memory nor blocks the screen for long. Each
 * batch is its own transaction: a crash midway leaves every row either plain or
 * sealed, both readable, and running again finishes the job (sealing is idempotent).
 * Blobs are sealed one by one outside transactions (WebCrypto is asynchronous).
 *
 * Must run with the data key unlocked, before the app opens the data for use.
 */
export async function encryptExistingData(db: Dexie, options: { batchSize?: number; onProgress?: (p: MigrationProgress) => void } = {}): Promise<void> {
	const batchSize = options.batchSize ?? 200;
	const blobKey = activeBlobKey();
	if (!blobKey) throw new Error('Unlock the data key before encrypting the data');
	for (const table of db.tables) {
		const keys = await table.toCollection().primaryKeys();
		for (let at = 0; at < keys.length; at += batchSize) {
			const batch = keys.slice(at, at + batchSize);
			if (table.name === 'blobs') await sealBlobs(table as Dexie.Table<StoredBlob, string>, batch as string[], blobKey);
			else
				await db.transaction('rw', table, async () => {
					const rows = (await table.bulkGet(batch)).filter((row) => row !== undefined);
					await table.bulkPut(rows);
				});
			options.onProgress?.({ table: table.name, done: Math.min(keys.length, at + batchSize), total: keys.length });
		}
	}
}

async function sealBlobs(table: Dexie.Table<StoredBlob, string>, keys: string[], blobKey: Promise<CryptoKey>): Promise<void> {
	for (const key of keys) {
		const row = await table.get(key);
		if (!row) continue;
		// The row itself is rewritten sealed either way; the bytes only if they are still clear.
		await table.put(row.sealed ? row : { ...row, ...(await sealBlob(row.blob, blobKey)) });
	}
}
