/**
 * Writers that debounce (the notes editor) register a flush here, so anything
 * that is about to reload the page – an app update, a language switch – can
 * first make sure every keystroke is in IndexedDB.
 */
const flushers = new Set<() => Promise<void>>();

export function registerPendingWrites(flush: () => Promise<void>): () => void {
	flushers.add(flush);
	return () => flushers.delete(flush);
}

export async function flushPendingWrites(): Promise<void> {
	await Promise.all([...flushers].map((flush) => flush()));
}
