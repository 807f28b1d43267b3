// Builds and queries the full-text index off the main thread, so typing stays smooth while a large project is indexed.
import { buildIndex, search, type SearchDoc } from './engine';
import type { WorkerRequest, WorkerResponse } from './client';

let index: ReturnType<typeof buildIndex> | undefined;
const scope = self as unknown as { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(message: WorkerResponse): void };

scope.onmessage = (e) => {
	const msg = e.data;
	if (msg.type === 'index') {
		index = buildIndex(msg.docs as SearchDoc[]);
		scope.postMessage({ type: 'indexed', version: msg.version });
	} else {
		scope.postMessage({ type: 'hits', id: msg.id, hits: index ? search(index, msg.query, msg.limit) : [] });
	}
};
