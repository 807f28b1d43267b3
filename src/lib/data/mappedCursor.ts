import type { DBCoreCursor } from 'dexie';

/**
 * A DBCore cursor whose `value` is `map(value)`, for middlewares that change rows on the
 * way up (encryption, blobs as bytes). Dexie's own middlewares wrap cursors the same way:
 * the methods are the cursor's own (bound) functions, only the getters need forwarding.
 * Each value is mapped once, however often it is read.
 */
export function mappedCursor(cursor: DBCoreCursor, map: (value: unknown) => unknown): DBCoreCursor {
	let mappedFor: unknown;
	let mapped: unknown;
	return Object.create(cursor, {
		key: { get: () => cursor.key },
		primaryKey: { get: () => cursor.primaryKey },
		value: {
			get: () => {
				const raw = cursor.value;
				if (raw !== mappedFor) {
					mappedFor = raw;
					mapped = map(raw);
				}
				return mapped;
			}
		}
	});
}
