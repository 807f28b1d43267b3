import { uuidv7 } from 'uuidv7';

/** Time-ordered ids keep IndexedDB inserts append-mostly and sort by creation. */
export function newId(): string {
	return uuidv7();
}
