import type { Page } from '@playwright/test';

// The app's IndexedDB as a test reads (and, to play a broken device, writes) it: plain
// IndexedDB in the page, so the test sees exactly what the app stored.

/** Every row of a table of the app's database; blobs are replaced by their size and type. */
export async function readTable<T = Record<string, unknown>>(page: Page, table: string): Promise<T[]> {
	return page.evaluate(
		(table) =>
			new Promise<T[]>((resolve, reject) => {
				const open = indexedDB.open('feltinnsikt');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const all = open.result.transaction(table).objectStore(table).getAll();
					all.onsuccess = () => {
						resolve(
							(all.result as Record<string, unknown>[]).map((row) => {
								const { blob, ...rest } = row;
								return (blob instanceof Blob ? { ...rest, blobSize: blob.size, blobType: blob.type } : rest) as T;
							})
						);
						open.result.close();
					};
					all.onerror = () => reject(all.error);
				};
			}),
		table
	);
}

/**
 * Writes a row straight into a table, past every repository and check: what an old or
 * broken build, or a tampered device, could have left there.
 */
export async function putRawRow(page: Page, table: string, row: Record<string, unknown>): Promise<void> {
	await page.evaluate(
		([table, row]) =>
			new Promise<void>((resolve, reject) => {
				const open = indexedDB.open('feltinnsikt');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction(table, 'readwrite');
					tx.objectStore(table).put(row);
					tx.oncomplete = () => {
						open.result.close();
						resolve();
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		[table, row] as const
	);
}

/** What this tablet has queued for the server: field changes and unsent note updates. */
export async function queuedChanges(page: Page): Promise<number> {
	const [outbox, updates] = await Promise.all([readTable(page, 'outbox'), readTable<{ synced: number }>(page, 'noteUpdates')]);
	return outbox.length + updates.filter((u) => u.synced === 0).length;
}

/** Collects the page's uncaught errors (and failed promises), to assert there were none. */
export function collectPageErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
	return errors;
}
