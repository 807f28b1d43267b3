import { afterAll, beforeAll } from 'vitest';
import type { SyncTransport } from '$lib/sync/syncProject';
import type { PullResponse, PushResponse } from '$lib/sync/wire';
import { handlePull, handlePush, type Member } from './handlers';
import { memorySyncDatabase } from './memoryServer';
import type { SqlClient } from './sql';

/**
 * The real sync server in-process for a test file: an in-memory PGlite opened
 * before the tests and closed after, and a transport that calls the handlers
 * directly as a given member.
 */
export function useInProcessServer() {
	let sql: (SqlClient & { close(): Promise<void> }) | undefined;
	// Opening an in-memory PGlite takes seconds on a busy machine.
	beforeAll(async () => {
		sql = await memorySyncDatabase();
	}, 180_000);
	afterAll(async () => {
		await sql?.close();
	});
	const db = (): SqlClient => {
		if (!sql) throw new Error('the in-process server is open only while the tests run');
		return sql;
	};
	return {
		sql: db,
		transport(member: Member): SyncTransport {
			return {
				push: async (_p, changes) => (await handlePush(db(), member, { changes })).body as PushResponse,
				pull: async (_p, after, options) =>
					(await handlePull(db(), member, new URLSearchParams({ after: String(after), ...(options?.skipNode ? { node: options.skipNode } : {}) }))).body as PullResponse
			};
		}
	};
}
