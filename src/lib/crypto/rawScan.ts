/**
 * Reads a database the way someone with the browser profile would: straight through
 * the IndexedDB API, no Dexie, no middleware. Used by the tests to show that nothing
 * readable is left in the clear. Not used by the app.
 */
export interface RawRecord {
	store: string;
	value: unknown;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

export async function rawRecords(name: string): Promise<RawRecord[]> {
	const db = await request(indexedDB.open(name));
	try {
		const out: RawRecord[] = [];
		for (const store of Array.from(db.objectStoreNames)) {
			const values = await request(db.transaction(store, 'readonly').objectStore(store).getAll());
			for (const value of values) out.push({ store, value });
		}
		return out;
	} finally {
		db.close();
	}
}

/** Every string and byte run in a stored value as text (bytes as Latin-1, so any byte sequence can be searched). */
export async function rawText(value: unknown): Promise<string> {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value !== 'object') return String(value);
	if (value instanceof Blob) return latin1(new Uint8Array(await value.arrayBuffer()));
	if (value instanceof ArrayBuffer) return latin1(new Uint8Array(value));
	if (ArrayBuffer.isView(value)) return latin1(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
	const parts: string[] = [];
	for (const [k, v] of Object.entries(value)) parts.push(k, await rawText(v));
	return parts.join('\u0000');
}

export function latin1(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return s;
}

/** Also as UTF-8 bytes read as Latin-1: a phrase with æøå is found however it is stored. */
export function needles(phrase: string): string[] {
	return [phrase, latin1(new TextEncoder().encode(phrase))];
}

export async function rawHits(name: string, phrase: string | Uint8Array): Promise<string[]> {
	const wanted = typeof phrase === 'string' ? needles(phrase) : [latin1(phrase)];
	const hits: string[] = [];
	for (const record of await rawRecords(name)) {
		const text = await rawText(record.value);
		if (wanted.some((w) => text.includes(w))) hits.push(record.store);
	}
	return hits;
}
