import { expect, it } from 'vitest';
import { forEachEngine } from '$lib/server/db/testing';
import type { PushResponse, WireChange } from '$lib/sync/wire';
import { projectState } from './changeLog';
import { createRowChanges, fieldChange, stamp } from './fixtures';
import { handlePush, type Member } from './handlers';
import type { SqlClient } from './sql';

const researcher: Member = { projectId: 'p1', userId: 'u1', role: 'researcher' };
const owner: Member = { ...researcher, role: 'owner' };
const push = async (sql: SqlClient, changes: WireChange[], who = researcher) => (await handlePush(sql, who, { changes })).body as PushResponse;
const count = async (sql: SqlClient) => (await sql.query<{ n: number }>('select count(*)::int as n from changes'))[0].n;

const given = (scope: string[], guardian: Record<string, unknown> | null = null) => ({
	status: 'given',
	date: '2026-09-14',
	scope,
	recordedBy: 'u1',
	...(guardian ? { guardian } : {})
});
const participant = (id: string, code: string, over: Record<string, unknown> = {}, hlc = stamp()) =>
	createRowChanges('participants', id, { code, age: 19, ...over }, { hlc });
const session = (id: string, participantIds: string[], hlc = stamp()) =>
	createRowChanges('sessions', id, { kind: 'interview', title: 'Samtale', date: '2026-09-14', participantIds }, { hlc });
const entry = (id: string, over: Record<string, unknown> = {}, hlc = stamp()) =>
	createRowChanges('entries', id, { kind: 'quote', text: 'Ingen ringte tilbake', ...over }, { hlc });
const highlight = (id: string, sessionId: string, hlc = stamp()) =>
	createRowChanges('highlights', id, { noteId: 'n1', sessionId, text: 'Ingen ringte tilbake' }, { hlc });

forEachEngine('consent on push', (db) => {
	it('refuses a quote attributed to a participant without consent, naming them, and writes nothing of the push', async () => {
		const sql = db.sql;
		await push(sql, participant('p-3', 'P-003', { consent: null }));
		const before = await count(sql);
		const ok = createRowChanges('codes', 'c1', { name: 'Venting' });
		const quote = entry('e1', { participantId: 'p-3' });
		const answer = await push(sql, [...ok, ...quote]);
		expect(answer.accepted).toEqual([]);
		expect(answer.rejected).toEqual(quote.map((c) => ({ opId: c.opId, code: 'consent_missing', message: expect.stringContaining('P-003') })));
		expect(await count(sql)).toBe(before);
		expect((await projectState(sql, 'p1')).has('entries/e1')).toBe(false);
	});

	it("refuses highlights and entries of a session whose participant's consent does not cover notes, or was withdrawn", async () => {
		const sql = db.sql;
		await push(sql, [
			...participant('p-1', 'P-001', { consent: given(['notes', 'audio']) }),
			...participant('p-2', 'P-002', { consent: given(['audio']) }),
			...participant('p-4', 'P-004', { consent: { ...given(['notes']), status: 'withdrawn' } }),
			...session('s-ok', ['p-1']),
			...session('s-scope', ['p-1', 'p-2']),
			...session('s-gone', ['p-4'])
		]);
		expect(await push(sql, [...highlight('h-ok', 's-ok'), ...entry('e-ok', { sessionId: 's-ok', highlightId: 'h-ok' })])).toMatchObject({ rejected: [] });
		for (const s of ['s-scope', 's-gone']) {
			const answer = await push(sql, [...highlight(`h-${s}`, s), ...entry(`e-${s}`, { sessionId: s })]);
			expect(answer.accepted).toEqual([]);
			expect(new Set(answer.rejected.map((r) => r.code))).toEqual(new Set(['consent_missing']));
		}
		// A session with nobody in it (a waiting room observed) needs nobody's consent.
		await push(sql, session('s-none', []));
		expect(await push(sql, entry('e-none', { sessionId: 's-none' }))).toMatchObject({ rejected: [] });
	});

	it('under the guardian age, refuses until guardian consent is recorded, and follows the project setting', async () => {
		const sql = db.sql;
		const setUp = await push(
			sql,
			[...createRowChanges('projects', 'p1', { name: 'Fjordvik', language: 'nb', template: 'empty' }), ...participant('p-7', 'P-007', { age: null, ageBand: '13-15', consent: given(['notes']) })],
			owner
		);
		expect(setUp.rejected).toEqual([]);
		const first = await push(sql, entry('e-young', { participantId: 'p-7' }));
		expect(first.rejected[0]).toMatchObject({ code: 'consent_missing', message: expect.stringContaining('guardianMissing') });
		// Consent with the guardian's, then the capture, in one push: judged by the consent it brings.
		const withGuardian = fieldChange('participants', 'p-7', 'consent', given(['notes'], { relation: 'parent', date: '2026-09-15', recordedBy: 'u1' }));
		expect(await push(sql, [withGuardian, ...entry('e-young', { participantId: 'p-7' })])).toMatchObject({ rejected: [] });

		// A project whose guardian age is 18 asks it for a 17-year-old too.
		await push(sql, [fieldChange('projects', 'p1', 'guardianAge', 18), ...participant('p-8', 'P-008', { age: 17, consent: given(['notes']) })], owner);
		expect((await projectState(sql, 'p1')).get('participants/p-8')).toBeDefined();
		expect((await push(sql, entry('e-17', { participantId: 'p-8' }))).rejected[0]).toMatchObject({ code: 'consent_missing' });
	});

	it('judges by the consent that will be stored: an older consent in the push does not override a newer withdrawal', async () => {
		const sql = db.sql;
		const t = Date.now();
		await push(sql, participant('p-5', 'P-005', { consent: given(['notes']) }, stamp(t - 10_000)));
		await push(sql, [fieldChange('participants', 'p-5', 'consent', { ...given(['notes']), status: 'withdrawn' }, stamp(t - 1000))]);
		const stale = fieldChange('participants', 'p-5', 'consent', given(['notes']), stamp(t - 5000, 'dev2'));
		const answer = await push(sql, [stale, ...entry('e-stale', { participantId: 'p-5' })]);
		expect(answer.rejected.map((r) => r.code)).toContain('consent_missing');
	});

	it('refuses moving evidence to a participant without consent, but never holds up review, edits or deletion', async () => {
		const sql = db.sql;
		await push(sql, [...participant('p-1', 'P-001', { consent: given(['notes']) }), ...participant('p-3', 'P-003', { consent: null })]);
		await push(sql, entry('e1', { participantId: 'p-1' }));
		const move = fieldChange('entries', 'e1', 'participantId', 'p-3');
		expect((await push(sql, [move])).rejected).toEqual([{ opId: move.opId, code: 'consent_missing', message: expect.any(String) }]);
		// P-001 withdraws: what was captured before stays editable, reviewable and deletable.
		await push(sql, [fieldChange('participants', 'p-1', 'consent', { ...given(['notes']), status: 'withdrawn' })]);
		const edits = [fieldChange('entries', 'e1', 'text', 'Retta skrivefeil'), fieldChange('entries', 'e1', 'reviewStatus', 'reviewed'), fieldChange('entries', 'e1', 'deleted', 1)];
		expect(await push(sql, edits)).toMatchObject({ rejected: [] });
	});

	it('refuses a recording or a photo of a session whose participant did not consent to audio or photos, as the tablet asks before it records', async () => {
		const sql = db.sql;
		await push(sql, [
			...participant('p-1', 'P-001', { consent: given(['notes', 'audio']) }),
			...participant('p-2', 'P-002', { consent: given(['notes', 'audio', 'photo']) }),
			...session('s-1', ['p-1', 'p-2'])
		]);
		const sha = 'a'.repeat(64);
		const media = (id: string, kind: 'audio' | 'photo', over: Record<string, unknown> = {}) =>
			createRowChanges('attachments', id, { kind, sessionId: 's-1', sha256: sha, size: 10, mime: kind === 'audio' ? 'audio/webm' : 'image/jpeg', ...over });
		expect(await push(sql, media('a-rec', 'audio'))).toMatchObject({ rejected: [] });
		const photo = await push(sql, media('a-photo', 'photo'));
		expect(photo.accepted).toEqual([]);
		expect(photo.rejected[0]).toMatchObject({ code: 'consent_missing', message: expect.stringMatching(/photo.*P-001/) });
		// A photo attributed to P-002 alone, outside the session, needs only theirs.
		expect(await push(sql, media('a-p2', 'photo', { sessionId: null, participantId: 'p-2' }))).toMatchObject({ rejected: [] });
		// Moving that photo into the session brings P-001 in: refused.
		expect((await push(sql, [fieldChange('attachments', 'a-p2', 'sessionId', 's-1')])).rejected[0]).toMatchObject({ code: 'consent_missing' });
	});

	it('a participant the server does not have counts as not consented', async () => {
		const sql = db.sql;
		await push(sql, session('s-x', ['p-unknown']));
		expect((await push(sql, entry('e-x', { sessionId: 's-x' }))).rejected[0]).toMatchObject({ code: 'consent_missing' });
	});
});

forEachEngine('consent records on push', (db) => {
	const record = (id: string, userId: string) =>
		createRowChanges('consentEvents', id, { participantId: 'p-1', status: 'given', date: '2026-09-14', scope: ['notes'] }, { userId });

	it('a consent record names the signed-in user as its author, and only they may change it', async () => {
		const sql = db.sql;
		expect((await push(sql, record('ce-1', 'u2'))).rejected[0]).toMatchObject({ code: 'wrong_author' });
		expect(await push(sql, record('ce-2', 'u1'))).toMatchObject({ rejected: [] });
		const colleague: Member = { projectId: 'p1', userId: 'u2', role: 'researcher' };
		const rewrite = fieldChange('consentEvents', 'ce-2', 'scope', ['notes', 'audio']);
		expect((await push(sql, [rewrite], colleague)).rejected[0]).toMatchObject({ code: 'wrong_author' });
	});
});
