import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { announceSetupCode } from '$lib/server/auth/setupCode';
import { useStorageForTests } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import { apiClient } from '$lib/server/http/testing';
import { parseBodySize, REQUIRED_BODY_BYTES, warnAboutBodyLimit } from '$lib/server/http/bodyLimit';
import { MAX_PUSH_BYTES } from '$lib/sync/wire';
import * as setup from '../../../routes/api/auth/setup/+server';
import * as projects from '../../../routes/api/projects/+server';
import * as push from '../../../routes/api/projects/[projectId]/sync/push/+server';
import * as pull from '../../../routes/api/projects/[projectId]/sync/pull/+server';
import { SYNC_FORMAT, SYNC_FORMAT_HEADER, type PullResponse } from '$lib/sync/wire';
import { createRowChanges } from './fixtures';

const SETUP_CODE = 'TEST-SETUP-CODE';
const kari = { email: 'kari@example.no', password: 'korrekt hest batteri', displayName: 'Kari', setupCode: SETUP_CODE };

forEachEngine('push route: body limits', (db) => {
	beforeEach(async () => {
		useStorageForTests(db.sql);
		await announceSetupCode(db.sql, { SETUP_CODE }, () => {});
	});
	afterEach(() => useStorageForTests(null));

	async function owner() {
		const client = apiClient();
		const made = await client.json<{ user: { id: string } }>(setup.POST, { method: 'POST', path: '/api/auth/setup', body: kari });
		expect(made.status).toBe(201);
		const id = uuidv7();
		expect((await client.json(projects.POST, { method: 'POST', path: '/api/projects', body: { id, name: 'Store notater' } })).status).toBe(201);
		return { client, projectId: id, userId: made.body.user.id };
	}
	const count = async () => (await db.sql.query<{ n: number }>('select count(*)::int as n from changes'))[0].n;

	it('accepts a 600 KB and a 5 MB push (long notes), and refuses a larger one with 413 and nothing written', async () => {
		const { client, projectId, userId } = await owner();
		const note = (rowId: string, chars: number) =>
			createRowChanges('notes', rowId, { sessionId: `s-${rowId}`, text: 'Hun sa at bussen aldri kom. '.repeat(Math.ceil(chars / 28)).slice(0, chars) }, { projectId, userId });
		for (const [rowId, chars] of [['note:a', 600_000], ['note:b', 1_900_000]] as const) {
			const changes = rowId === 'note:b' ? [...note(rowId, chars), ...note('note:c', chars), ...note('note:d', 1_200_000)] : note(rowId, chars);
			const body = JSON.stringify({ changes });
			const res = await client.json<{ accepted: string[]; rejected: unknown[] }>(push.POST, { method: 'POST', path: `/api/projects/${projectId}/sync/push`, params: { projectId }, body });
			expect(res.status, `${(body.length / 1e6).toFixed(1)} MB`).toBe(200);
			expect(res.body.rejected).toEqual([]);
			expect(res.body.accepted).toHaveLength(changes.length);
		}
		const before = await count();
		const tooLarge = JSON.stringify({ changes: [...note('note:x', 1_999_000), ...note('note:y', 1_999_000), ...note('note:z', 1_999_000), ...note('note:w', 1_999_000), ...note('note:v', 1_999_000)] });
		expect(tooLarge.length).toBeGreaterThan(MAX_PUSH_BYTES);
		const res = await client.json<{ error: { code: string } }>(push.POST, { method: 'POST', path: `/api/projects/${projectId}/sync/push`, params: { projectId }, body: tooLarge });
		expect([res.status, res.body.error.code]).toEqual([413, 'payload_too_large']);
		expect(await count()).toBe(before);

		// The 5 MB of notes come back down in pages of about 4 MiB, streamed, each whole JSON.
		const texts = new Map<string, number>();
		let after = 0;
		let pages = 0;
		for (let more = true; more; pages++) {
			const page = await client.json<PullResponse>(pull.GET, { method: 'GET', path: `/api/projects/${projectId}/sync/pull?after=${after}`, params: { projectId } });
			expect(page.status).toBe(200);
			expect(page.response.headers.get('cache-control')).toBe('no-store');
			for (const c of page.body.changes) if (c.field === 'text') texts.set(c.rowId, String(c.value).length);
			({ cursor: after, hasMore: more } = page.body);
		}
		expect(pages).toBeGreaterThan(1);
		expect(Object.fromEntries(texts)).toEqual({ 'note:a': 600_000, 'note:b': 1_900_000, 'note:c': 1_900_000, 'note:d': 1_200_000 });
	}, 120_000);

	it('speaks sync formats: none sent is format 1 (older apps), too old gets 426, newer than the server 400; nothing written', async () => {
		const { client, projectId, userId } = await owner();
		const path = `/api/projects/${projectId}/sync/push`;
		const body = (rowId: string) => JSON.stringify({ changes: createRowChanges('entries', rowId, { kind: 'quote', text: 'Bussen kom ikke' }, { projectId, userId }) });
		const ok = await client.json(push.POST, { method: 'POST', path, params: { projectId }, body: body('e-old-app') });
		expect(ok.status).toBe(200);
		expect(ok.response.headers.get(SYNC_FORMAT_HEADER)).toBe(String(SYNC_FORMAT));
		const current = await client.json(push.POST, { method: 'POST', path, params: { projectId }, body: body('e-new-app'), headers: { [SYNC_FORMAT_HEADER]: String(SYNC_FORMAT) } });
		expect(current.status).toBe(200);
		const before = await count();
		for (const [format, status, code] of [['0', 426, 'client_outdated'], [String(SYNC_FORMAT + 1), 400, 'server_outdated'], ['to', 400, 'invalid_input']] as const) {
			const refused = await client.json<{ error: { code: string } }>(push.POST, { method: 'POST', path, params: { projectId }, body: body(`e-${format}`), headers: { [SYNC_FORMAT_HEADER]: format } });
			expect([refused.status, refused.body.error.code]).toEqual([status, code]);
			const pulled = await client.json<{ error: { code: string } }>(pull.GET, { method: 'GET', path: `/api/projects/${projectId}/sync/pull?after=0`, params: { projectId }, headers: { [SYNC_FORMAT_HEADER]: format } });
			expect([pulled.status, pulled.body.error.code]).toEqual([status, code]);
		}
		expect(await count()).toBe(before);
		const pulled = await client.json<PullResponse>(pull.GET, { method: 'GET', path: `/api/projects/${projectId}/sync/pull?after=0`, params: { projectId }, headers: { [SYNC_FORMAT_HEADER]: String(SYNC_FORMAT) } });
		expect(pulled.response.headers.get(SYNC_FORMAT_HEADER)).toBe(String(SYNC_FORMAT));
		expect(new Set(pulled.body.changes.map((c) => c.rowId))).toEqual(new Set(['e-old-app', 'e-new-app']));
	});
});

it('reads adapter-node sizes and warns when the body limit is below what devices send', () => {
	expect(parseBodySize('512K')).toBe(512 * 1024);
	expect(parseBodySize('16M')).toBe(16 * 1024 * 1024);
	expect(parseBodySize('Infinity')).toBe(Infinity);
	const lines: string[] = [];
	warnAboutBodyLimit({}, (l) => lines.push(l));
	warnAboutBodyLimit({ BODY_SIZE_LIMIT: '16M' }, (l) => lines.push(l));
	expect(lines).toHaveLength(1);
	expect(lines[0]).toContain('BODY_SIZE_LIMIT');
	expect(REQUIRED_BODY_BYTES).toBeLessThanOrEqual(parseBodySize('16M'));
});
