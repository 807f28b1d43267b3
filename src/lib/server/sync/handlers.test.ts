import { expect, it } from 'vitest';
import { handlePull, handlePush } from './handlers';
import { forEachEngine } from '$lib/server/db/testing';

const stamp = (millis = Date.now()) => `${String(millis).padStart(15, '0')}:0000:dev1`;
const change = (over: Record<string, unknown> = {}) => ({ opId: `op-${Math.random()}`, hlc: stamp(), table: 'entries', rowId: 'e1', field: 'text', value: 'Ingen ringte', ...over });
import type { SqlClient } from './sql';

const count = async (sql: SqlClient) => (await sql.query<{ n: number }>('select count(*)::int as n from changes'))[0].n;

forEachEngine('sync endpoints', (db) => {
	it('refuses a malformed push with 400 and writes nothing', async () => {
		const sql = db.sql;
		const before = await count(sql);
		for (const body of [null, { changes: 'x' }, { changes: [{ ...change(), hlc: 'yesterday' }] }, { changes: [{ ...change(), table: 'users' }] }]) {
			const reply = await handlePush(sql, { projectId: 'p1', userId: 'u1', role: 'researcher' }, body);
			expect(reply.status).toBe(400);
			expect(reply.body).toMatchObject({ error: { code: 'invalid_input' } });
		}
		expect(await count(sql)).toBe(before);
	});

	it('a reviewer cannot change evidence text: the push is refused whole, with the reason', async () => {
		const sql = db.sql;
		const before = await count(sql);
		const ok = change({ table: 'comments', rowId: 'c1', field: 'text', value: 'Enig' });
		const bad = change({ field: 'text', value: 'Omskrevet' });
		const reply = await handlePush(sql, { projectId: 'p1', userId: 'u2', role: 'reviewer' }, { changes: [ok, bad] });
		expect(reply).toMatchObject({ status: 200, body: { accepted: [], rejected: [{ opId: bad.opId, code: 'forbidden' }] } });
		expect(await count(sql)).toBe(before);
	});

	it('refuses values that break the schema and clocks far in the future', async () => {
		const sql = db.sql;
		const invalid = change({ field: 'kind', value: 'gossip' });
		const future = change({ hlc: stamp(Date.now() + 60 * 60_000) });
		const reply = await handlePush(sql, { projectId: 'p1', userId: 'u1', role: 'researcher' }, { changes: [invalid, future] });
		expect(reply.body).toMatchObject({ rejected: [{ code: 'invalid_value' }, { code: 'clock_ahead' }] });
	});

	it('accepts valid changes and pulls them back in sequence order', async () => {
		const sql = db.sql;
		const a = change({ rowId: 'e9', field: 'kind', value: 'quote' });
		const b = change({ rowId: 'e9', field: 'text', value: 'Bussen går to ganger om dagen' });
		expect((await handlePush(sql, { projectId: 'p9', userId: 'u1', role: 'researcher' }, { changes: [a, b] })).body).toEqual({
			accepted: [a.opId, b.opId],
			rejected: []
		});
		const pulled = await handlePull(sql, { projectId: 'p9', userId: 'u1', role: 'reviewer' }, new URLSearchParams({ after: '0' }));
		expect(pulled.body).toMatchObject({ hasMore: false, changes: [{ opId: a.opId }, { opId: b.opId }] });
		expect((await handlePull(sql, { projectId: 'p9', userId: 'u1', role: 'reviewer' }, new URLSearchParams({ after: '-3' }))).status).toBe(400);
	});
});
