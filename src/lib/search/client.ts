import type { FieldworkDb } from '$lib/data/db';
import type { ViewRequest, ViewResult } from './view';
import { activeDataKey } from '$lib/crypto/session';

/** `dataKey`: the unlocked data key (encryption at rest), so the worker's own connection reads and writes sealed rows. */
export type WorkerRequest = { type: 'open'; projectId: string; dataKey: Uint8Array | null } | { type: 'view'; id: number; request: ViewRequest };
export type WorkerResponse = { type: 'changed'; version: number } | { type: 'view'; id: number; result: ViewResult | null };

/**
 * The library's search and filters behind one interface: in a Web Worker where there is one
 * (the worker reads the project, holds the index and answers each view with only the rows
 * shown), in the calling thread otherwise.
 */
export interface SearchClient {
	/** Starts following a project: its saved index is loaded and its data read, off the main thread. */
	open(projectId: string): void;
	/**
	 * The answer to a view, or null when it was superseded by a newer view before it ran (a
	 * newer keystroke) or the project has not been read yet (a change notice follows).
	 */
	view(request: ViewRequest): Promise<ViewResult | null>;
	/** Called whenever the project's data (and so every answer) changed. */
	onchange(listener: (version: number) => void): () => void;
	close(): void;
}

interface Waiting {
	request: ViewRequest;
	resolve: (result: ViewResult | null) => void;
}

/**
 * At most one view is being answered at a time, and at most one waits: a keystroke typed
 * while the worker is busy replaces the waiting one, so the worker never works on a query
 * nobody will see and the newest answer comes as soon as it can.
 */
function latestOnly(send: (id: number, request: ViewRequest) => void) {
	let next = 0;
	let running: { id: number; resolve: Waiting['resolve'] } | null = null;
	let waiting: Waiting | null = null;
	const pump = () => {
		if (running || !waiting) return;
		const { request, resolve } = waiting;
		waiting = null;
		running = { id: ++next, resolve };
		send(running.id, request);
	};
	return {
		ask(request: ViewRequest): Promise<ViewResult | null> {
			return new Promise((resolve) => {
				waiting?.resolve(null);
				waiting = { request, resolve };
				pump();
			});
		},
		answered(id: number, result: ViewResult | null) {
			if (running?.id !== id) return;
			running.resolve(result);
			running = null;
			pump();
		}
	};
}

export function createSearchClient(options: { db?: FieldworkDb } = {}): SearchClient {
	if (typeof Worker === 'undefined' || options.db) return inlineClient(options.db);
	let worker: Worker;
	try {
		worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
	} catch {
		return inlineClient();
	}
	const listeners = new Set<(version: number) => void>();
	const queue = latestOnly((id, request) => worker.postMessage({ type: 'view', id, request } satisfies WorkerRequest));
	worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
		const msg = e.data;
		if (msg.type === 'view') queue.answered(msg.id, msg.result);
		else for (const l of listeners) l(msg.version);
	};
	return {
		open(projectId) {
			worker.postMessage({ type: 'open', projectId, dataKey: activeDataKey() } satisfies WorkerRequest);
		},
		view: (request) => queue.ask(request),
		onchange(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		close() {
			worker.terminate();
		}
	};
}

/** The same host in this thread: tests (Node has no Worker) and browsers that refuse the worker. */
function inlineClient(db?: FieldworkDb): SearchClient {
	const listeners = new Set<(version: number) => void>();
	let host: import('./host').SearchHost | undefined;
	let opening: Promise<void> = Promise.resolve();
	const queue = latestOnly((id, request) => {
		// A macrotask, like a worker's answer: a burst of keystrokes in one task keeps only the last.
		setTimeout(() => void opening.then(() => queue.answered(id, host?.view(request) ?? null)));
	});
	return {
		open(projectId) {
			opening = (async () => {
				const [{ SearchHost }, theDb] = await Promise.all([import('./host'), db ?? import('$lib/data/local').then(async (m) => (await m.localData()).db)]);
				await host?.close();
				host = new SearchHost(theDb, projectId, (version) => {
					for (const l of listeners) l(version);
				});
				await host.open();
			})();
		},
		view: (request) => queue.ask(request),
		onchange(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		close() {
			void host?.close();
		}
	};
}
