import { afterEach, expect, it, vi } from 'vitest';
import { httpTransport } from './httpTransport';
import { syncStatusText } from '$lib/i18n/syncText';
import { SyncError } from './syncError';
import { SYNC_FORMAT, SYNC_FORMAT_HEADER } from './wire';

afterEach(() => vi.unstubAllGlobals());

function answer(status: number, body: unknown, seen: Request[] = []) {
	vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
		seen.push(new Request(new URL(url, 'http://app.test'), init));
		return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
	});
}

const page = {
	changes: [{ seq: 1, opId: 'o1', hlc: '000001733000000:0000:dev-a', table: 'tableFromTheFuture', rowId: 'r1', field: 'f', value: 1, userId: 'u1' }],
	cursor: 1,
	hasMore: false
};

it('says which sync format it speaks on every push and pull', async () => {
	const seen: Request[] = [];
	answer(200, { accepted: [], rejected: [] }, seen);
	await httpTransport.push('p1', []);
	answer(200, page, seen);
	await httpTransport.pull('p1', 0, { skipNode: 'dev-b' });
	expect(seen.map((r) => r.headers.get(SYNC_FORMAT_HEADER))).toEqual([String(SYNC_FORMAT), String(SYNC_FORMAT)]);
});

it('passes on a page with a table it does not know (applyRemote sets it aside), and refuses an answer that is not a page', async () => {
	answer(200, page);
	expect((await httpTransport.pull('p1', 0)).changes[0].table).toBe('tableFromTheFuture');
	for (const broken of [{ changes: 'alle' }, { changes: [{ seq: 'x' }], cursor: 1, hasMore: false }, '<html>proxy</html>', { accepted: [] }]) {
		answer(200, broken);
		await expect(httpTransport.pull('p1', 0)).rejects.toMatchObject({ name: 'SyncError', kind: 'server', code: 'bad_response' });
	}
	answer(200, { accepted: 'o1' });
	await expect(httpTransport.push('p1', [])).rejects.toMatchObject({ code: 'bad_response' });
});

it('an app too old for the server, or a server too old for the app, is told apart and put in words', async () => {
	answer(426, { error: { code: 'client_outdated', message: 'update' } });
	const old = await httpTransport.pull('p1', 0).catch((e: unknown) => e);
	expect(old).toBeInstanceOf(SyncError);
	expect(old).toMatchObject({ kind: 'outdated', code: 'client_outdated', status: 426 });
	expect(syncStatusText({ phase: 'error', lastSyncAt: null, error: { kind: 'outdated', code: 'client_outdated', message: '' } })).toMatch(/Last inn siden på nytt/);
	answer(400, { error: { code: 'server_outdated', message: 'update the server' } });
	await expect(httpTransport.push('p1', [])).rejects.toMatchObject({ kind: 'outdated', code: 'server_outdated' });
	expect(syncStatusText({ phase: 'error', lastSyncAt: null, error: { kind: 'outdated', code: 'server_outdated', message: '' } })).toMatch(/Serveren er eldre/);
});
