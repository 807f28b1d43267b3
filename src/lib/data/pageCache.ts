import type { DBCore, Dexie, Middleware } from 'dexie';

/**
 * Safari and every iPad browser (WebKit) keep a page the person navigates away from in
 * the back/forward cache, frozen with its IndexedDB transactions still open. A frozen
 * page never finishes them, and WebKit keeps their locks: the next page of the app (a
 * reload, a typed address, a link that loads the document again) waits on them for ever
 * – in the WebKit suite the owner's first sync stayed at "Synkroniserer …" with the pull's
 * transaction queued behind a read the previous page had open on the same tables.
 * Chromium evicts such a page from its cache instead; WebKit does not.
 *
 * So when the page is about to be frozen (`pagehide` with `persisted`), the transactions
 * it still has open are aborted and the connection closed: an aborted transaction wrote
 * nothing, and every write of the app is one transaction, so nothing is half-written.
 * Writes are aborted too, not only reads: a frozen page cannot finish a transaction that
 * still has steps to run, and letting it commit the steps it had sent would half-write it.
 * What a write in flight carried is not lost with it: the notes editor – the one writer
 * that writes while a person types – has copied its unconfirmed words into a synchronous
 * journal in the same `pagehide` (notes/unsavedJournal.ts), and every other write is a
 * tap whose form is still on the frozen page when it is shown again.
 * When such a page is shown again (`pageshow` with `persisted`), the database is opened
 * again, its in-memory state (an editor's unsaved words) written, and the page loads
 * afresh, so no screen runs on a connection it gave up.
 */

/** The native transactions of one database that have not completed or aborted yet. */
export class LiveTransactions {
	private readonly open = new Set<IDBTransaction>();

	track(tx: unknown): void {
		if (typeof IDBTransaction === 'undefined' || !(tx instanceof IDBTransaction)) return;
		this.open.add(tx);
		const done = () => this.open.delete(tx);
		tx.addEventListener('complete', done);
		tx.addEventListener('abort', done);
		tx.addEventListener('error', done);
	}

	get size(): number {
		return this.open.size;
	}

	/** Aborts every transaction still open; returns how many it aborted. */
	abortAll(): number {
		let aborted = 0;
		for (const tx of [...this.open]) {
			this.open.delete(tx);
			try {
				tx.abort();
				aborted++;
			} catch {
				// Finished between the check and the call (InvalidStateError): nothing to release.
			}
		}
		return aborted;
	}
}

/** A DBCore middleware that hands every native transaction Dexie opens to `live`. */
export function liveTransactionsMiddleware(live: LiveTransactions): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'liveTransactions',
		create: (down) => ({
			...down,
			transaction(stores, mode, options) {
				const tx = down.transaction(stores, mode, options);
				live.track(tx);
				return tx;
			}
		})
	};
}

export interface PageCacheHooks {
	/** Writes what the page holds in memory (the notes editor's last words) before it loads again. */
	flush: () => Promise<void>;
	/** Loads the page afresh. */
	reload: () => void;
}

/**
 * Gives up `db`'s transactions and connection when the page goes into the back/forward
 * cache, and starts over when it comes back (see above). Must run before `db.open()`:
 * Dexie builds its middleware stack when it opens. Returns the function that stops it.
 */
export function releaseInPageCache(db: Dexie, hooks: PageCacheHooks, target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
	const live = new LiveTransactions();
	db.use(liveTransactionsMiddleware(live));
	let released = false;
	const onHide = (event: Event) => {
		if (!(event as PageTransitionEvent).persisted) return; // Unloaded for good: the browser ends its transactions itself.
		released = true;
		live.abortAll();
		// No auto-open: a write started later in this same `pagehide` (the editor's flush)
		// fails at once instead of opening a connection that would be frozen too; the editor
		// keeps its words and writes them when the page is shown again.
		db.close({ disableAutoOpen: true });
	};
	const onShow = (event: Event) => {
		if (!(event as PageTransitionEvent).persisted || !released) return;
		released = false;
		void db
			.open()
			.then(() => hooks.flush())
			.catch(() => undefined)
			.finally(() => hooks.reload());
	};
	target.addEventListener('pagehide', onHide);
	target.addEventListener('pageshow', onShow);
	return () => {
		target.removeEventListener('pagehide', onHide);
		target.removeEventListener('pageshow', onShow);
	};
}

/**
 * Runs what `start` starts only while the page is not in the back/forward cache: stopped
 * on `pagehide` with `persisted`, started again on `pageshow` with `persisted`. For what
 * holds something other pages of the app wait for – the sync leader's Web Lock, which a
 * frozen page would keep for ever, so the next page never syncs. Returns what stops it.
 */
export function outsidePageCache(start: () => () => void, target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
	let stop: (() => void) | null = start();
	const onHide = (event: Event) => {
		if (!(event as PageTransitionEvent).persisted || !stop) return;
		stop();
		stop = null;
	};
	const onShow = (event: Event) => {
		if ((event as PageTransitionEvent).persisted && !stop) stop = start();
	};
	target.addEventListener('pagehide', onHide);
	target.addEventListener('pageshow', onShow);
	return () => {
		target.removeEventListener('pagehide', onHide);
		target.removeEventListener('pageshow', onShow);
		stop?.();
		stop = null;
	};
}
