import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { forEachEngine } from '$lib/server/db/testing';
import type { PushResponse, WireChange } from '$lib/sync/wire';
import { noteFragment, noteText } from '$lib/notes/noteDoc';
import { appendChunk, beginUpload } from './blobs';
import { handlePull, handlePush, type Member } from './handlers';
import { createRowChanges, fieldChange, stamp } from './fixtures';
import type { SqlClient } from './sql';

const owner: Member = { projectId: 'p1', userId: 'u1', role: 'owner' };
const researcher: Member = { ...owner, role: 'researcher' };
const push = async (sql: SqlClient, changes: WireChange[], who = owner) => (await handlePush(sql, who, { changes })).body as PushResponse;

/** A phrase only P-014 ever said: after the erasure it must be nowhere. */
const PHRASE = 'Tyttebærlyngen bak gymmen';
const OTHERS = 'Lærerne hører ikke etter';
const given = { status: 'given', date: '2026-09-14', scope: ['notes', 'audio', 'photo', 'quotes'], recordedBy: 'u1' };
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A note update as the editor makes it: a paragraph, with a highlight mark over `marked`. */
function noteUpdate(plain: string, marked: string, highlightId: string): string {
	const doc = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	noteFragment(doc).insert(0, [paragraph]);
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	text.insert(0, plain, {});
	text.insert(plain.length, marked, { highlight: { highlightId } });
	return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

/**
 * Every row of every table of the server's schema as text, with base64 values (note
 * updates) and bytea (attachment bytes) decoded as well: what someone with the database
 * in hand could read.
 */
async function dumpAll(sql: SqlClient): Promise<string> {
	const tables = await sql.query<{ table_name: string }>(
		`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`
	);
	expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['changes', 'field_state', 'blobs', 'blob_chunks', 'prune_audit']));
	const out: string[] = [];
	for (const { table_name } of tables) {
		const rows = await sql.query<{ row: string }>(`select t::text as row from "${table_name}" t`);
		for (const { row } of rows) {
			out.push(row);
			for (const hex of row.match(/\\\\x[0-9a-f]+/g) ?? []) out.push(Buffer.from(hex.slice(3), 'hex').toString('utf8'));
			for (const b64 of row.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? []) out.push(Buffer.from(b64, 'base64').toString('utf8'));
		}
	}
	return out.join('\n');
}

const hits = (dump: string, phrase: string) => dump.split(phrase).length - 1;

async function seed(sql: SqlClient) {
	const audio = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, ...new TextEncoder().encode(`${PHRASE} (opptak)`)]);
	const blob = { sha256: sha(audio), size: audio.length, mime: 'audio/webm' };
	await beginUpload(sql, 'p1', blob, { quotaBytes: 1_000_000 });
	await appendChunk(sql, 'p1', blob.sha256, 0, audio, sha(audio), { quotaBytes: 1_000_000 });
	const answer = await push(sql, [
		...createRowChanges('participants', 'p14', { code: 'P-014', age: 17, consent: given, municipality: 'Vardø' }),
		...createRowChanges('participants', 'p2', { code: 'P-002', age: 18, consent: given }),
		...createRowChanges('consentEvents', 'ce1', { participantId: 'p14', status: 'given', date: '2026-09-14', scope: ['notes'], note: `Sa: ${PHRASE}` }),
		...createRowChanges('sessions', 's-solo', { kind: 'interview', title: 'Samtale', date: '2026-09-14', participantIds: ['p14'] }),
		...createRowChanges('sessions', 's-multi', { kind: 'workshop', title: 'Verksted', date: '2026-09-15', participantIds: ['p14', 'p2'] }),
		...createRowChanges('notes', 'note:s-solo', { sessionId: 's-solo' }),
		...createRowChanges('notes', 'note:s-multi', { sessionId: 's-multi' }),
		fieldChange('noteUpdates', 'note:s-solo', '$yjs', noteUpdate(`Hele samtalen: ${PHRASE}. `, '', 'none')),
		fieldChange('noteUpdates', 'note:s-multi', '$yjs', noteUpdate(`${OTHERS}. `, PHRASE, 'h1')),
		...createRowChanges('highlights', 'h1', { noteId: 'note:s-multi', sessionId: 's-multi', entryId: 'e1', text: PHRASE }),
		...createRowChanges('entries', 'e1', { kind: 'quote', text: PHRASE, sessionId: 's-multi', highlightId: 'h1', participantId: 'p14' }),
		...createRowChanges('entries', 'e2', { kind: 'observation', text: `Om P-014: ${PHRASE}`, sessionId: 's-solo' }),
		...createRowChanges('entries', 'e3', { kind: 'observation', text: OTHERS, sessionId: 's-multi', participantId: 'p2' }),
		...createRowChanges('attachments', 'a1', { kind: 'audio', sessionId: 's-solo', participantId: 'p14', ...blob }),
		...createRowChanges('codes', 'c1', { name: 'Skolevegring' }),
		...createRowChanges('taggings', 'tg:code:e1:c1', { targetId: 'e1', kind: 'code', tagId: 'c1', taggedBy: 'u1' })
	]);
	expect(answer.rejected).toEqual([]);
	// A later edit, so the change log holds an older value too.
	expect((await push(sql, [fieldChange('entries', 'e1', 'text', `${PHRASE}, sa hun`)])).rejected).toEqual([]);
	return { audio, blob };
}

const erasure = (rowIds: string[] = [], noteIds: string[] = []) =>
	createRowChanges('erasures', 'er1', { participantId: 'p14', code: 'P-014', erasedBy: 'u1', erasedAt: '2026-12-02T10:00:00.000Z', rowIds, noteIds });

forEachEngine('erasure on the server', (db) => {
	it('removes every trace of the phrase from every table, keeps the others’ words and an audit record without content', async () => {
		const sql = db.sql;
		const { audio } = await seed(sql);
		expect(hits(await dumpAll(sql), PHRASE)).toBeGreaterThan(5);

		const answer = await push(sql, erasure());
		expect(answer.rejected).toEqual([]);

		const dump = await dumpAll(sql);
		expect(hits(dump, PHRASE)).toBe(0);
		expect(hits(dump, 'Vardø')).toBe(0);
		expect(hits(dump, OTHERS)).toBeGreaterThan(0);
		expect(await sql.query('select 1 from blobs where sha256 = $1', [sha(audio)])).toEqual([]);

		// A device that syncs from the start gets the audit record, the other participant and
		// the multi-participant note without the erased words.
		const page = (await handlePull(sql, owner, new URLSearchParams({ after: '0' }))).body as { changes: WireChange[] };
		const rows = new Set(page.changes.map((c) => `${c.table}/${c.rowId}`));
		expect(rows.has('erasures/er1')).toBe(true);
		expect(rows.has('participants/p2')).toBe(true);
		for (const gone of ['participants/p14', 'entries/e1', 'entries/e2', 'highlights/h1', 'sessions/s-solo', 'consentEvents/ce1', 'attachments/a1', 'taggings/tg:code:e1:c1'])
			expect(rows.has(gone), gone).toBe(false);
		const doc = new Y.Doc();
		for (const c of page.changes.filter((c) => c.table === 'noteUpdates' && c.rowId === 'note:s-multi')) Y.applyUpdate(doc, Buffer.from(String(c.value), 'base64'));
		expect(noteText(doc)).toContain(OTHERS);
		expect(noteText(doc)).not.toContain(PHRASE);
		expect(page.changes.some((c) => c.table === 'noteUpdates' && c.rowId === 'note:s-solo')).toBe(false);
		const audit = page.changes.find((c) => c.table === 'erasures' && c.field === '$row');
		expect(JSON.stringify(audit?.value ?? page.changes.filter((c) => c.table === 'erasures'))).toContain('P-014');
	});

	it('refuses to store anything of theirs again: a restored backup pushed, an offline edit, a new capture', async () => {
		const sql = db.sql;
		await seed(sql);
		expect((await push(sql, erasure())).rejected).toEqual([]);

		const again = [
			...createRowChanges('participants', 'p14', { code: 'P-014', age: 17, consent: given }),
			...createRowChanges('entries', 'e1', { kind: 'quote', text: PHRASE, sessionId: 's-multi', participantId: 'p14' }),
			...createRowChanges('entries', 'e9', { kind: 'quote', text: PHRASE, participantId: 'p14' }),
			...createRowChanges('highlights', 'h1', { noteId: 'note:s-multi', sessionId: 's-multi', entryId: 'e1', text: PHRASE }),
			fieldChange('noteUpdates', 'note:s-solo', '$yjs', noteUpdate(`${PHRASE} `, '', 'none'))
		];
		const answer = await push(sql, again, researcher);
		expect(answer.accepted).toEqual([]);
		expect(new Set(answer.rejected.map((r) => r.code))).toEqual(new Set(['erased']));
		expect(answer.rejected).toHaveLength(again.length);

		// A tablet that typed into the shared note offline, inside the erased quote: merged, then cut again.
		const typed = fieldChange('noteUpdates', 'note:s-multi', '$yjs', noteUpdate('Ny linje. ', `${PHRASE} igjen`, 'h1'), stamp(Date.now(), 'dev2'));
		expect((await push(sql, [typed], researcher)).rejected).toEqual([]);
		expect(hits(await dumpAll(sql), PHRASE)).toBe(0);
		expect(hits(await dumpAll(sql), 'Ny linje')).toBeGreaterThan(0);
	});

	it('lets only an owner erase, and never changes or deletes an erasure', async () => {
		const sql = db.sql;
		await seed(sql);
		const byResearcher = await push(sql, erasure(), researcher);
		expect(new Set(byResearcher.rejected.map((r) => r.code))).toEqual(new Set(['forbidden']));
		expect(hits(await dumpAll(sql), PHRASE)).toBeGreaterThan(0);
		expect((await push(sql, erasure())).rejected).toEqual([]);
		const undo = await push(sql, [fieldChange('erasures', 'er1', 'deleted', 1)]);
		expect(undo.rejected.map((r) => r.code)).toEqual(['erasure_final']);
	});
});
