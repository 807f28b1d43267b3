// The library's search and filters off the main thread: the worker reads the project from IndexedDB itself,
// keeps the index (saved between starts) and answers each view with only the rows the screen shows.
import { openFieldworkDb, type FieldworkDb } from '$lib/data/db';
import { SearchHost } from './host';
import { setActiveDataKey } from '$lib/crypto/session';
import type { WorkerRequest, WorkerResponse } from './client';

let db: FieldworkDb | undefined;
let host: SearchHost | undefined;
const scope = self as unknown as { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(message: WorkerResponse): void };

scope.onmessage = (e) => {
	const msg = e.data;
	if (msg.type === 'open') {
		void host?.close();
		// The page's unlocked key (or none): a locked page never opens a project, so the worker never reads without it.
		setActiveDataKey(msg.dataKey ? new Uint8Array(msg.dataKey) : null);
		db ??= openFieldworkDb();
		host = new SearchHost(db, msg.projectId, (version) => scope.postMessage({ type: 'changed', version }));
		void host.open();
	} else {
		scope.postMessage({ type: 'view', id: msg.id, result: host?.view(msg.request) ?? null });
	}
};
