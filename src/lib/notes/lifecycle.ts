import { registerPendingWrites } from '$lib/data/pendingWrites';

/**
 * Makes sure a note's pending writes reach IndexedDB before the page goes
 * away: when the tab is hidden or closed (a tablet's app switcher, a battery
 * that dies a minute later) and before an app update or language switch
 * reloads the page. Returns the function that stops it.
 */
export function flushBeforeLeaving(flush: () => Promise<void>, keepUnconfirmed: () => void = () => {}): () => void {
	const run = () => {
		// First the synchronous copy (unsavedJournal.ts): the page may be frozen or killed
		// before IndexedDB answers, and aborted if it goes into the back/forward cache.
		keepUnconfirmed();
		void flush();
	};
	const onVisibility = () => {
		if (document.visibilityState === 'hidden') run();
	};
	const unregister = registerPendingWrites(flush);
	window.addEventListener('pagehide', run);
	document.addEventListener('visibilitychange', onVisibility);
	return () => {
		unregister();
		window.removeEventListener('pagehide', run);
		document.removeEventListener('visibilitychange', onVisibility);
	};
}
