import { expect, it } from 'vitest';
import { handlePull, handlePush, type Member } from './handlers';
import { forEachEngine } from '$lib/server/db/testing';
import { createRowChanges, fieldChange, stamp } from './fixtures';
import type { SqlClient } from './sql';
import type { PullResponse, PushResponse } from '$lib/sync/wire';
import { MAX_PULL_BYTES } from './pull';
import { projectState } from './changeLog';

const count = async (sql: SqlClient) => (await sql.query<{ n: number }>('select count(*)::int as n from changes'))[0].n;
const researcher: Member = { projectId: 'p1', userId: 'u1', role: 'researcher' };
const reviewer: Member = { projectId: 'p1', userId: 'u2', role: 'reviewer' };
const entry = (rowId: string, over: Record<string, unknown> = {}, who = researcher) =>
	createRowChanges('entries', rowId, { kind: 'quote', text: 'Ingen ringte', ...over }, { projectId: who.projectId, userId: who.userId });
const push = async (sql: SqlClient, who: Member, changes: unknown[]) => (await handlePush(sql, who, { changes })).body as PushResponse;

forEachEngine('sync endpoints', (db) => {
	it('refuses a malformed push with 400 and writes nothing', async () => {
		const sql = db.sql;
		const before = await count(sql);
		const one = entry('e1')[0];
		for (const body of [null, { changes: 'x' }, { changes: [{ ...one, hlc: 'yesterday' }] }, { changes: [{ ...one, table: 'users' }] }]) {
			const reply = await handlePush(sql, researcher, body);
			expect(reply.status).toBe(400);
			expect(reply.body).toMatchObject({ error: { code: 'invalid_input' } });
		}
		expect(await count(sql)).toBe(before);
	});

	it('answers fields named like object internals with a refusal, never a 500', async () => {
		const sql = db.sql;
		for (const field of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
			const reply = await handlePush(sql, researcher, { changes: [...entry('e-proto'), fieldChange('entries', 'e-proto', field, 'x')] });
			expect(reply.status).toBe(200);
			expect(reply.body).toMatchObject({ accepted: [], rejected: [{ code: 'unknown_field' }] });
		}
		expect(await count(sql)).toBe(0);
	});

	it('a reviewer cannot change evidence text: the push is refused whole, with the reason', async () => {
		const sql = db.sql;
		await push(sql, researcher, entry('e1'));
		const before = await count(sql);
		const ok = createRowChanges('comments', 'c1', { targetId: 'e1', text: 'Enig' }, { userId: reviewer.userId });
		const bad = fieldChange('entries', 'e1', 'text', 'Omskrevet');
		const answer = await push(sql, reviewer, [...ok, bad]);
		expect(answer).toMatchObject({ accepted: [], rejected: [{ opId: bad.opId, code: 'forbidden' }] });
		expect(await count(sql)).toBe(before);
	});

	it('refuses values that break the schema and clocks far in the future', async () => {
		const sql = db.sql;
		await push(sql, researcher, entry('e1'));
		const invalid = fieldChange('entries', 'e1', 'kind', 'gossip');
		const future = fieldChange('entries', 'e1', 'text', 'Senere', stamp(Date.now() + 60 * 60_000));
		expect(await push(sql, researcher, [invalid, future])).toMatchObject({ rejected: [{ code: 'invalid_value' }, { code: 'clock_ahead' }] });
	});

	it('accepts whole rows and pulls them back in sequence order', async () => {
		const sql = db.sql;
		const changes = entry('e9', { text: 'Bussen går to ganger om dagen' });
		expect(await push(sql, researcher, changes)).toEqual({ accepted: changes.map((c) => c.opId), rejected: [] });
		const pulled = await handlePull(sql, reviewer, new URLSearchParams({ after: '0' }));
		expect(pulled.body).toMatchObject({ hasMore: false, changes: changes.map((c) => ({ opId: c.opId })) });
		expect((await handlePull(sql, reviewer, new URLSearchParams({ after: '-3' }))).status).toBe(400);
	});

	it("does not send a device's own changes back when it says who it is, and still moves its cursor", async () => {
		const sql = db.sql;
		const mine = createRowChanges('entries', 'e-own', { kind: 'quote', text: 'Min egen' }, { userId: 'u1', hlc: stamp(Date.now(), 'tab1') });
		const theirs = createRowChanges('entries', 'e-their', { kind: 'quote', text: 'En annens' }, { userId: 'u1', hlc: stamp(Date.now() + 1, 'tab2') });
		await push(sql, researcher, mine);
		await push(sql, researcher, theirs);
		const all = (await handlePull(sql, researcher, new URLSearchParams({ after: '0' }))).body as { changes: { rowId: string }[]; cursor: number };
		const own = (await handlePull(sql, researcher, new URLSearchParams({ after: '0', node: 'tab1' }))).body as { changes: { rowId: string }[]; cursor: number };
		expect(new Set(all.changes.map((c) => c.rowId))).toEqual(new Set(['e-own', 'e-their']));
		expect(new Set(own.changes.map((c) => c.rowId))).toEqual(new Set(['e-their']));
		expect(own.cursor).toBe(all.cursor);
		expect((await handlePull(sql, researcher, new URLSearchParams({ after: '0', node: 'Ikke gyldig!' }))).status).toBe(400);
	});

	it('never stores a half-made row: a create without every required field is refused whole', async () => {
		const sql = db.sql;
		const whole = entry('e-half');
		const half = whole.filter((c) => c.field !== 'kind' && c.field !== 'createdAt');
		const answer = await push(sql, researcher, half);
		expect(answer.accepted).toEqual([]);
		expect(answer.rejected).toHaveLength(half.length);
		expect(answer.rejected[0]).toMatchObject({ code: 'row_incomplete' });
		expect(answer.rejected[0].message).toContain('kind');
		// A row valid field by field but not as a whole (empty text) is refused too.
		const empty = entry('e-empty').map((c) => (c.field === 'text' ? { ...c, value: '' } : c));
		expect((await push(sql, researcher, empty)).rejected[0]).toMatchObject({ code: 'invalid_value' });
		expect(await count(sql)).toBe(0);
	});

	it('refuses a field change for a row the server does not have', async () => {
		const sql = db.sql;
		const orphan = fieldChange('entries', 'never-made', 'reviewStatus', 'agreed');
		const answer = await push(sql, reviewer, [orphan, fieldChange('entries', 'never-made', 'reviewedBy', reviewer.userId)]);
		expect(answer.rejected.map((r) => r.code)).toEqual(['row_missing', 'row_missing']);
		expect(await count(sql)).toBe(0);
	});

	it("a reviewer's quick capture is refused whole: no half row reaches anyone", async () => {
		const sql = db.sql;
		const answer = await push(sql, reviewer, entry('e-reviewer', {}, reviewer));
		expect(answer.accepted).toEqual([]);
		expect(answer.rejected.length).toBeGreaterThan(0);
		expect(await count(sql)).toBe(0);
		expect((await projectState(sql, 'p1')).size).toBe(0);
	});

	it('checks who: createdBy, reviewedBy, a vote\'s voter and a coding\'s coder must be the signed-in user', async () => {
		const sql = db.sql;
		await push(sql, researcher, entry('e1'));
		await push(sql, researcher, createRowChanges('clusters', 'k1', { boardId: 'b1' }, { userId: researcher.userId }));
		const forged = [
			// a new entry "from" a colleague
			entry('e-forged', {}, { ...researcher, userId: 'u-owner' }),
			// review status "by" the owner
			[fieldChange('entries', 'e1', 'reviewStatus', 'agreed'), fieldChange('entries', 'e1', 'reviewedBy', 'u-owner')],
			// five dots "from" the owner
			createRowChanges('votes', 'vote:k1:u-owner:1', { clusterId: 'k1', voter: 'u-owner', dots: 5 }, { userId: reviewer.userId }),
			// a coding in a colleague's name
			createRowChanges('codings', 'cd:e1:c1:u-owner', { targetId: 'e1', codeId: 'c1', coder: 'u-owner' }, { userId: researcher.userId }),
			// rewriting who created an entry
			[fieldChange('entries', 'e1', 'createdBy', 'u2')]
		];
		for (const changes of forged) {
			const who = changes[0].table === 'votes' || changes[0].field === 'reviewStatus' ? reviewer : researcher;
			const answer = await push(sql, who, changes);
			expect(answer.accepted, `${changes[0].table}.${changes[0].field}`).toEqual([]);
			expect(answer.rejected.map((r) => r.code)).toContain('wrong_author');
		}
		// The honest versions go through.
		expect((await push(sql, reviewer, [fieldChange('entries', 'e1', 'reviewStatus', 'agreed'), fieldChange('entries', 'e1', 'reviewedBy', reviewer.userId)])).rejected).toEqual([]);
		const myVote = createRowChanges('votes', `vote:k1:${reviewer.userId}:1`, { clusterId: 'k1', voter: reviewer.userId, dots: 2 }, { userId: reviewer.userId });
		expect((await push(sql, reviewer, myVote)).rejected).toEqual([]);
	});

	it("removing my coding never removes a colleague's: only the coder changes a coding", async () => {
		const sql = db.sql;
		await push(sql, researcher, entry('e1'));
		const mine = createRowChanges('codings', 'cd:e1:c1:u1', { targetId: 'e1', codeId: 'c1', coder: 'u1' }, { userId: 'u1' });
		expect((await push(sql, researcher, mine)).rejected).toEqual([]);
		const colleague: Member = { projectId: 'p1', userId: 'u3', role: 'researcher' };
		const answer = await push(sql, colleague, [fieldChange('codings', 'cd:e1:c1:u1', 'deleted', 1)]);
		expect(answer.rejected).toMatchObject([{ code: 'wrong_author' }]);
		expect((await push(sql, researcher, [fieldChange('codings', 'cd:e1:c1:u1', 'deleted', 1)])).rejected).toEqual([]);
	});

	it('two researchers who add the same tag offline both get their create accepted', async () => {
		const sql = db.sql;
		await push(sql, researcher, entry('e1'));
		const id = 'tg:code:e1:c1';
		const a = createRowChanges('taggings', id, { targetId: 'e1', kind: 'code', tagId: 'c1', taggedBy: 'u1' }, { userId: 'u1', hlc: stamp(Date.now() - 1000) });
		const b = createRowChanges('taggings', id, { targetId: 'e1', kind: 'code', tagId: 'c1', taggedBy: 'u3' }, { userId: 'u3', hlc: stamp(Date.now(), 'dev3') });
		expect((await push(sql, researcher, a)).rejected).toEqual([]);
		expect((await push(sql, { projectId: 'p1', userId: 'u3', role: 'researcher' }, b)).rejected).toEqual([]);
	});

	it('takes a created row as one whole-row change, checked whole, then field by field', async () => {
		const sql = db.sql;
		const asRow = (changes: ReturnType<typeof entry>) => ({
			...changes[0],
			field: '$row',
			value: Object.fromEntries(changes.map((c) => [c.field, c.value]))
		});
		const row = asRow(entry('e-row', { text: 'Hele raden på én gang' }));
		expect(await push(sql, researcher, [row])).toEqual({ accepted: [row.opId], rejected: [] });
		expect((await projectState(sql, 'p1')).get('entries/e-row')).toMatchObject({ text: 'Hele raden på én gang', kind: 'quote', createdBy: 'u1', deleted: 0 });
		expect(await count(sql)).toBe(1);
		// An edit after it wins its field by stamp, as always.
		expect((await push(sql, researcher, [fieldChange('entries', 'e-row', 'text', 'Rettet')])).rejected).toEqual([]);
		expect((await projectState(sql, 'p1')).get('entries/e-row')?.text).toBe('Rettet');

		const { kind: _kind, ...withoutKind } = row.value as Record<string, unknown>;
		const refusals = [
			[{ ...asRow(entry('e-r2')), value: withoutKind }, researcher, 'row_incomplete'],
			[{ ...asRow(entry('e-r3')), value: 'tekst' }, researcher, 'invalid_value'],
			[{ ...asRow(entry('e-r4')), value: JSON.parse('{"__proto__": {"x": 1}, "kind": "quote"}') }, researcher, 'unknown_field'],
			[asRow(entry('e-r5', {}, reviewer)), reviewer, 'forbidden'],
			[asRow(entry('e-r6', {}, { ...researcher, userId: 'u-owner' })), researcher, 'wrong_author']
		] as const;
		for (const [change, who, code] of refusals) {
			expect((await push(sql, who, [change])).rejected, code).toMatchObject([{ code }]);
		}
		expect(await count(sql)).toBe(2);
	});

	it('refuses a note update that is valid base64 but not a Yjs update of a note, and stores nothing', async () => {
		const sql = db.sql;
		const garbage = Buffer.from('dette er ikke en Yjs-oppdatering, bare tekst').toString('base64');
		for (const value of [garbage, Buffer.from(JSON.stringify({ type: 'doc', content: [] })).toString('base64')]) {
			const answer = await push(sql, researcher, [fieldChange('noteUpdates', 'note:s1', '$yjs', value)]);
			expect(answer.rejected).toMatchObject([{ code: 'invalid_update' }]);
		}
		expect((await push(sql, researcher, [fieldChange('noteUpdates', 'note:s1', '$yjs', 'ikke base64!')])).rejected).toMatchObject([{ code: 'invalid_value' }]);
		expect(await count(sql)).toBe(0);
	});

	it('tells a researcher, not a reviewer, that their edit landed on a deleted row (only one of them may bring it back)', async () => {
		const sql = db.sql;
		await push(sql, researcher, entry('e-del'));
		await push(sql, researcher, [fieldChange('entries', 'e-del', 'deleted', 1)]);
		const edit = await push(sql, { projectId: 'p1', userId: 'u3', role: 'researcher' }, [fieldChange('entries', 'e-del', 'text', 'Rettet')]);
		expect(edit.overtaken).toMatchObject([{ field: 'deleted', winnerUserId: 'u1' }]);
		const review = await push(sql, reviewer, [fieldChange('entries', 'e-del', 'reviewStatus', 'agreed'), fieldChange('entries', 'e-del', 'reviewedBy', reviewer.userId)]);
		expect(review.rejected).toEqual([]);
		expect(review.overtaken).toBeUndefined();
	});

	it('refuses a second participant with the same pseudonym code (any case), and lets a code be reused after deletion', async () => {
		const sql = db.sql;
		const participant = (rowId: string, code: string, hlc?: string) => createRowChanges('participants', rowId, { code }, { userId: 'u1', ...(hlc ? { hlc } : {}) });
		expect((await push(sql, researcher, participant('pa', 'P-001'))).rejected).toEqual([]);
		expect((await push(sql, researcher, participant('pb', ' p-001'))).rejected[0]).toMatchObject({ code: 'code_taken' });
		expect((await push(sql, researcher, [...participant('pc', 'P-002'), ...participant('pd', 'P-002')])).rejected[0]).toMatchObject({ code: 'code_taken' });
		// Renaming a participant to its own code again is fine; deleting frees the code.
		expect((await push(sql, researcher, [fieldChange('participants', 'pa', 'code', 'P-001')])).rejected).toEqual([]);
		expect((await push(sql, researcher, [fieldChange('participants', 'pa', 'deleted', 1)])).rejected).toEqual([]);
		expect((await push(sql, researcher, participant('pe', 'P-001'))).rejected).toEqual([]);
	});

	it('pages a pull by bytes as well as by count: long texts come a few hundred per page, never cut inside a row', async () => {
		const sql = db.sql;
		const long = (i: number) => `${i}: ${'Lang merknad fra feltet. '.repeat(790)}slutt`; // ~19.7 KB each, near the field's limit
		const rows = Array.from({ length: 300 }, (_, i) => entry(`long-${i}`, { text: long(i) }));
		for (let i = 0; i < rows.length; i += 50) expect((await push(sql, researcher, rows.slice(i, i + 50).flat())).rejected).toEqual([]);
		const pages: PullResponse[] = [];
		let after = 0;
		do {
			const reply = await handlePull(sql, researcher, new URLSearchParams({ after: String(after) }));
			pages.push(reply.body as PullResponse);
			after = pages.at(-1)!.cursor;
		} while (pages.at(-1)!.hasMore && pages.length < 50);
		expect(pages.length).toBeGreaterThan(1);
		for (const page of pages) {
			const bytes = page.changes.reduce((n, c) => n + JSON.stringify(c.value ?? null).length, 0);
			// At most the byte bound plus the one change that started below it.
			expect(bytes).toBeLessThan(MAX_PULL_BYTES + 25_000);
			// A row's changes never straddle two pages.
			const next = pages[pages.indexOf(page) + 1];
			if (next?.changes[0]) expect(page.changes.map((c) => c.rowId)).not.toContain(next.changes[0].rowId);
		}
		const texts = pages.flatMap((p) => p.changes).filter((c) => c.field === 'text').map((c) => c.value);
		expect(texts).toEqual(Array.from({ length: 300 }, (_, i) => long(i)));
	});

	it('applies a push of 1000 changes in one go, last writer wins per field within it', async () => {
		const sql = db.sql;
		const changes = Array.from({ length: 50 }, (_, i) => entry(`bulk-${i}`, { text: `Tekst ${i}` })).flat();
		expect(changes.length).toBeGreaterThanOrEqual(700);
		const t = Date.now();
		const edits = Array.from({ length: 1000 - changes.length }, (_, i) => fieldChange('entries', `bulk-${i % 50}`, 'text', `Rettet ${i}`, stamp(t + 1 + i)));
		const all = [...changes, ...edits];
		expect((await push(sql, researcher, all)).accepted).toHaveLength(1000);
		// A re-sent push is acknowledged again and applied once.
		expect((await push(sql, researcher, all)).accepted).toHaveLength(1000);
		expect(await count(sql)).toBe(1000);
		const state = await projectState(sql, 'p1');
		const lastEdit = new Map<string, string>();
		for (const e of edits) lastEdit.set(e.rowId, String(e.value));
		for (const [rowId, text] of lastEdit) expect(state.get(`entries/${rowId}`)?.text).toBe(text);
		const seqs = (await sql.query<{ seq: number }>('select seq from changes order by seq')).map((r) => Number(r.seq));
		expect(new Set(seqs).size).toBe(1000);
	});
});
