import type { DBCore, DBCoreTable, Middleware } from 'dexie';
import { mappedCursor } from './mappedCursor';

/**
 * Photos and recordings where IndexedDB will not hold a Blob. WebKit refuses Blobs in
 * an ephemeral session – Safari's Private Browsing on an iPad, and WebKit's automation
 * browser – with "Error preparing Blob/File data to be stored in object store": every
 * recording chunk and photo failed to save there. The same bytes as an ArrayBuffer are
 * stored fine. So writers hand their Blob to `storableBlob` first (blobSeal.ts does, for
 * every blob the app stores); where Blobs cannot be stored it reads the bytes, and this
 * middleware writes them as `{ $bytes, type }` in the row's `blob` field and gives every
 * reader a Blob again. Code above never sees the difference; elsewhere nothing changes.
 */

interface StoredBytes {
	$bytes: ArrayBuffer;
	type: string;
}

const bytesOf = new WeakMap<Blob, ArrayBuffer>();
let blobsStore: Promise<boolean> | null = null;

function isStoredBytes(value: unknown): value is StoredBytes {
	return !!value && typeof value === 'object' && (value as StoredBytes).$bytes instanceof ArrayBuffer;
}

/** Whether this browser's IndexedDB stores a Blob (asked once per page, in a database of its own). */
export function indexedDbStoresBlobs(): Promise<boolean> {
	blobsStore ??= probe();
	return blobsStore;
}

function probe(): Promise<boolean> {
	if (typeof indexedDB === 'undefined' || typeof Blob === 'undefined') return Promise.resolve(true);
	return new Promise((resolve) => {
		const name = 'feltinnsikt-blob-probe';
		const request = indexedDB.open(name, 1);
		request.onupgradeneeded = () => request.result.createObjectStore('probe');
		request.onerror = () => resolve(true); // Cannot tell: write Blobs as before.
		request.onsuccess = () => {
			const db = request.result;
			const done = (works: boolean) => {
				db.close();
				indexedDB.deleteDatabase(name);
				resolve(works);
			};
			try {
				const tx = db.transaction('probe', 'readwrite');
				tx.objectStore('probe').put(new Blob([new Uint8Array([1])]), 'blob');
				tx.oncomplete = () => done(true);
				tx.onabort = () => done(false);
			} catch {
				done(false);
			}
		};
	});
}

/** `blob`, made ready for the `blobs` table: where IndexedDB takes no Blob, its bytes are read now. */
export async function storableBlob<T extends Blob>(blob: T): Promise<T> {
	if (bytesOf.has(blob) || (await indexedDbStoresBlobs())) return blob;
	bytesOf.set(blob, await blob.arrayBuffer());
	return blob;
}

/** For tests: forget what the probe found. */
export function resetBlobProbe(answer?: boolean): void {
	blobsStore = answer === undefined ? null : Promise.resolve(answer);
}

type Row = Record<string, unknown>;

function toStored(row: unknown): unknown {
	if (!row || typeof row !== 'object') return row;
	const blob = (row as Row).blob;
	if (!(blob instanceof Blob)) return row;
	const bytes = bytesOf.get(blob);
	return bytes ? { ...(row as Row), blob: { $bytes: bytes, type: blob.type } satisfies StoredBytes } : row;
}

function fromStored(row: unknown): unknown {
	if (!row || typeof row !== 'object' || !isStoredBytes((row as Row).blob)) return row;
	const stored = (row as Row).blob as StoredBytes;
	const blob = new Blob([stored.$bytes], { type: stored.type });
	// Written back as bytes again (an update of the row reads it and puts it whole).
	bytesOf.set(blob, stored.$bytes);
	return { ...(row as Row), blob };
}

function wrapTable(table: DBCoreTable): DBCoreTable {
	// `.then`, not `async`: Dexie's promises carry its transaction zone, native ones drop it.
	return {
		...table,
		get: (req) => table.get(req).then(fromStored),
		getMany: (req) => table.getMany(req).then((rows) => rows.map(fromStored)),
		query: (req) => table.query(req).then((result) => (req.values ? { ...result, result: result.result.map(fromStored) } : result)),
		openCursor: (req) => table.openCursor(req).then((cursor) => (cursor && req.values !== false ? mappedCursor(cursor, fromStored) : cursor)),
		mutate(req) {
			if (req.type === 'add' || req.type === 'put') return table.mutate({ ...req, values: req.values.map(toStored) });
			return table.mutate(req);
		}
	};
}

/** Applies to the `blobs` table only: the one whose rows hold a Blob. */
export const blobBytesMiddleware: Middleware<DBCore> = {
	stack: 'dbcore',
	name: 'blobBytes',
	create: (down) => ({
		...down,
		table(name) {
			const table = down.table(name);
			return name === 'blobs' ? wrapTable(table) : table;
		}
	})
};
