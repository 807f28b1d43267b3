import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { syncedTableNames } from '$lib/data/db';
import { deleteParticipant } from '$lib/data/participants';
import { createProject } from '$lib/data/projects';
import { openTestData, type TestData } from '$lib/data/testing';
import { noteIdFor } from '$lib/domain/noteId';
import { rowSchemas } from '$lib/domain/schemas';
import { noteFragment, noteText } from '$lib/notes/noteDoc';
import { appendNoteUpdate } from '$lib/notes/updateLog';
import { forEachEngine } from '$lib/server/db/testing';
import { fieldChangesOf } from '$lib/sync/rowChange';
import { syncProject, type SyncTransport } from '$lib/sync/syncProject';
import { fromBase64, toBase64, type PullResponse, type PushResponse, type WireChange } from '$lib/sync/wire';
import { fieldChange } from './fixtures';
import { handlePull, handlePush } from './handlers';
import { DEFAULT_PRUNE_HORIZON_HOURS, keptFields, pruneDeleted, pruneHorizonHours, startPruning } from './prune';
import { pullChanges, type PullPage } from './pull';
import type { SqlClient } from './sql';

const OWNER = 'user-owner';
const HOUR = 3600_000;
const HORIZON = DEFAULT_PRUNE_HORIZON_HOURS;
const quiet = () => {};

// Distinctive words, so a search of the whole database finds nothing else.
const T = {
	code: 'Kode-Skjaergaardsfjell',
	municipality: 'Kommune-Ulvedalstind',
	attribute: 'Attributt-Moltebaerlia',
	title: 'Intervju-Blaabaerkollen',
	place: 'Sted-Tyttebaerhaugen',
	noteText: 'Notat-Multekremhemmelig',
	quote: 'Sitat-Rabarbrapaisaarbar',
	quote2: 'Sitat-Kanelbollefortrolig',
	late: 'Sent-Kardemommeendring'
};
const KEPT = { entry: 'Bevart-Solsikkeenga', title: 'Bevart-Granskogen', noteText: 'Bevart-Notatlyng' };

/** A Yjs update that makes a one-paragraph note of `text`, as the editor writes it. */
function noteUpdate(text: string): Uint8Array {
	const doc = new Y.Doc();
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	noteFragment(doc).insert(0, [paragraph]);
	return Y.encodeStateAsUpdate(doc);
}

function device(name: string): TestData {
	return openTestData({ deviceId: name, actor: OWNER });
}

interface Wire {
	pushed: WireChange[];
	pages: PullPage[];
}

/** The real handlers in-process, as the owner; a refused change fails the test. */
function transport(sql: SqlClient, wire: Wire): SyncTransport {
	const member = (projectId: string) => ({ projectId, userId: OWNER, role: 'owner' as const });
	return {
		push: async (projectId, changes) => {
			const reply = await handlePush(sql, member(projectId), { changes });
			const body = reply.body as PushResponse;
			if (reply.status !== 200 || body.rejected.length > 0) throw new Error(`push refused: ${JSON.stringify(reply.body)}`);
			wire.pushed.push(...changes);
			return body;
		},
		pull: async (projectId, after) => {
			const reply = await handlePull(sql, member(projectId), new URLSearchParams({ after: String(after) }));
			if (reply.status !== 200) throw new Error(`pull refused: ${JSON.stringify(reply.body)}`);
			wire.pages.push(reply.body as PullPage);
			return reply.body as PullResponse;
		}
	};
}

/**
 * A project with a participant, a session with its note (text and Yjs update), two
 * quotes, and content that stays; then the participant (with a quote), the other quote,
 * the note and the session are deleted and pushed. Device `early` synced before any of
 * it, device `seen` after the content was made and before the deletions.
 */
async function scenario(sql: SqlClient) {
	const wire: Wire = { pushed: [], pages: [] };
	const sync = (d: TestData) => syncProject(d.db, d.ctx.clock, transport(sql, wire), projectId);
	const a = device('a');
	const project = await createProject(a.ctx, a.repos, { name: 'Erasure', language: 'nb', template: 'empty' });
	const projectId = project.id;
	await sync(a);
	const early = device('early');
	await sync(early);

	const participant = await a.repos.participants.create(projectId, {
		code: T.code,
		municipality: T.municipality,
		attributes: { bosted: T.attribute },
		consent: { status: 'given', date: '2025-05-01', scope: ['notes', 'quotes'], recordedBy: OWNER }
	});
	const session = await a.repos.sessions.create(projectId, { kind: 'interview', title: T.title, date: '2025-05-01', place: T.place, participantIds: [participant.id] });
	const note = await a.repos.notes.create(projectId, { sessionId: session.id, text: T.noteText }, noteIdFor(session.id));
	const deletedUpdate = noteUpdate(T.noteText);
	await appendNoteUpdate(a.db, { projectId, noteId: note.id, update: deletedUpdate });
	const quote = await a.repos.entries.create(projectId, { kind: 'quote', text: T.quote, sessionId: session.id, participantId: participant.id });
	const quote2 = await a.repos.entries.create(projectId, { kind: 'quote', text: T.quote2, sessionId: session.id });

	const keptSession = await a.repos.sessions.create(projectId, { kind: 'workshop', title: KEPT.title, date: '2025-05-02' });
	const keptNote = await a.repos.notes.create(projectId, { sessionId: keptSession.id, text: KEPT.noteText }, noteIdFor(keptSession.id));
	await appendNoteUpdate(a.db, { projectId, noteId: keptNote.id, update: noteUpdate(KEPT.noteText) });
	const keptEntry = await a.repos.entries.create(projectId, { kind: 'observation', text: KEPT.entry, sessionId: keptSession.id });
	await sync(a);
	const seen = device('seen');
	await sync(seen);

	const undoParticipant = await deleteParticipant({ ctx: a.ctx, repos: a.repos }, participant.id);
	await a.repos.entries.remove(quote2.id);
	await a.repos.notes.remove(note.id);
	await a.repos.sessions.remove(session.id);
	await sync(a);

	return {
		sql,
		wire,
		projectId,
		a,
		early,
		seen,
		sync,
		undoParticipant,
		deletedUpdate: toBase64(deletedUpdate),
		deleted: { participant: participant.id, session: session.id, note: note.id, quote: quote.id, quote2: quote2.id },
		kept: { session: keptSession.id, note: keptNote.id, entry: keptEntry.id }
	};
}

const afterHorizon = () => Date.now() + HORIZON * HOUR + 60_000;
const prune = (sql: SqlClient, now: number) => pruneDeleted(sql, { now, horizonHours: HORIZON, log: quiet });

/** Every row of every table of the schema, as text: what a dump of the database holds. */
async function dump(sql: SqlClient): Promise<string> {
	const tables = await sql.query<{ table_name: string }>(
		`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`
	);
	expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['changes', 'field_state', 'prune_audit', 'prune_state']));
	const parts: string[] = [];
	for (const { table_name } of tables) {
		const rows = await sql.query<{ row: string }>(`select t::text as row from "${table_name}" t`);
		parts.push(...rows.map((r) => `${table_name}: ${r.row}`));
	}
	return parts.join('\n');
}

const hits = (text: string, needles: string[]) => needles.filter((n) => text.includes(n));

async function pullAll(sql: SqlClient, projectId: string, after = 0, limit = 1000, maxBytes?: number): Promise<PullPage[]> {
	const pages: PullPage[] = [];
	let cursor = after;
	for (let i = 0; i < 10_000; i++) {
		const page = await pullChanges(sql, projectId, cursor, limit, { maxBytes });
		pages.push(page);
		cursor = page.cursor;
		if (!page.hasMore) return pages;
	}
	throw new Error('pull never ended');
}

/** What a device holds of a project: every row (without its local stamp) and every note update. */
async function deviceState(d: TestData, projectId: string, live = false) {
	const rows: Record<string, unknown> = {};
	for (const table of syncedTableNames) {
		for (const row of (await d.db.table(table).toArray()) as Record<string, unknown>[]) {
			if (row.projectId !== projectId || (live && row.deleted)) continue;
			const { updatedAt: _u, ...fields } = row;
			rows[`${table}/${String(row.id)}`] = fields;
		}
	}
	const updates = (await d.db.noteUpdates.where('projectId').equals(projectId).toArray())
		.map((u) => `${u.noteId}:${u.id}:${toBase64(u.update)}`)
		.sort();
	return { rows, updates };
}

describe('what a tombstone keeps', () => {
	it('every kept field is a field of its table, and a participant keeps none of its own', () => {
		for (const table of syncedTableNames) {
			for (const field of keptFields(table)) expect(Object.keys(rowSchemas[table].shape)).toContain(field);
		}
		expect(keptFields('participants')).toEqual(['deleted', 'createdAt', 'createdBy']);
		expect(keptFields('noteUpdates')).toEqual([]);
	});

	it('the horizon comes from PRUNE_HORIZON_HOURS, 30 days by default, and a bad value stops the start', () => {
		expect(pruneHorizonHours({})).toBe(720);
		expect(pruneHorizonHours({ PRUNE_HORIZON_HOURS: '0.5' })).toBe(0.5);
		expect(() => pruneHorizonHours({ PRUNE_HORIZON_HOURS: 'tre dager' })).toThrow(/PRUNE_HORIZON_HOURS/);
		expect(() => pruneHorizonHours({ PRUNE_HORIZON_HOURS: '0' })).toThrow(/PRUNE_HORIZON_HOURS/);
	});
});

forEachEngine('erasure on the server', (db) => {
	it('after the horizon, pull?after=0 returns the deleted rows as tombstones only, and the rest whole', async () => {
		const s = await scenario(db.sql);
		const summary = await prune(db.sql, afterHorizon());
		expect(summary).toMatchObject({ projects: 1, rows: 5 });

		const pages = await pullAll(db.sql, s.projectId);
		expect(pages[0].snapshot).toBe(true);
		const changes = pages.flatMap((p) => p.changes);
		expect(hits(JSON.stringify(changes), Object.values(T))).toEqual([]);
		expect(hits(JSON.stringify(changes), Object.values(KEPT))).toEqual(Object.values(KEPT));
		for (const [table, id] of [
			['participants', s.deleted.participant],
			['sessions', s.deleted.session],
			['notes', s.deleted.note],
			['entries', s.deleted.quote],
			['entries', s.deleted.quote2]
		]) {
			const own = changes.filter((c) => c.table === table && c.rowId === id);
			expect(own.find((c) => c.field === 'deleted')?.value).toBe(1);
			for (const c of own) expect(keptFields(table)).toContain(c.field);
		}
		expect(changes.filter((c) => c.table === 'noteUpdates').map((c) => c.rowId)).toEqual([s.kept.note]);
	});

	it('after the horizon, no table of the database holds a word of what was deleted; the audit says what went', async () => {
		const s = await scenario(db.sql);
		const needles = [...Object.values(T).filter((t) => t !== T.late), s.deletedUpdate];
		expect(hits(await dump(db.sql), needles)).toEqual(needles);

		await prune(db.sql, afterHorizon());
		const after = await dump(db.sql);
		expect(hits(after, needles)).toEqual([]);
		expect(hits(after, Object.values(KEPT))).toEqual(Object.values(KEPT));

		const audit = await db.sql.query<{ tbl: string; row_id: string; fields: number; changes: number }>(
			'select tbl, row_id, fields, changes from prune_audit where project_id = $1 order by tbl, row_id',
			[s.projectId]
		);
		expect(audit.map((a) => `${a.tbl}/${a.row_id}`).sort()).toEqual(
			[
				`participants/${s.deleted.participant}`,
				`sessions/${s.deleted.session}`,
				`notes/${s.deleted.note}`,
				`entries/${s.deleted.quote}`,
				`entries/${s.deleted.quote2}`
			].sort()
		);
		for (const a of audit) expect(a.fields).toBeGreaterThan(0);
		// The note's line counts its text and its Yjs update.
		expect(audit.find((a) => a.tbl === 'notes')?.changes).toBe(2);
	});

	it('before the horizon nothing is pruned, and an undone delete is never pruned', async () => {
		const s = await scenario(db.sql);
		const created = Date.now();
		expect(await prune(db.sql, created + HORIZON * HOUR - 60_000)).toEqual({ projects: 0, rows: 0, fields: 0, changes: 0 });
		expect(hits(JSON.stringify(await pullAll(db.sql, s.projectId)), [T.code, T.quote, T.title, T.noteText, s.deletedUpdate])).toHaveLength(5);

		// Undo within the window brings the participant and their quote back, on every device.
		await s.undoParticipant();
		await s.sync(s.a);
		await s.sync(s.seen);
		expect((await s.seen.db.participants.get(s.deleted.participant))?.deleted).toBe(0);

		await prune(db.sql, created + HORIZON * HOUR + HOUR);
		const all = await dump(db.sql);
		expect(hits(all, [T.code, T.municipality, T.attribute, T.quote])).toHaveLength(4);
		expect(hits(all, [T.title, T.place, T.noteText, T.quote2, s.deletedUpdate])).toEqual([]);
		const fresh = device('fresh');
		await s.sync(fresh);
		expect(await fresh.db.participants.get(s.deleted.participant)).toMatchObject({ code: T.code, municipality: T.municipality, deleted: 0 });
		expect(await fresh.db.entries.get(s.deleted.quote)).toMatchObject({ text: T.quote, deleted: 0 });
	});

	it('a device whose cursor is older than the pruned log gets a snapshot and ends equal to a fresh device', async () => {
		const s = await scenario(db.sql);
		await prune(db.sql, afterHorizon());
		// Written after the prune: reaches the old device through the log after its snapshot.
		await s.a.repos.entries.create(s.projectId, { kind: 'fact', text: 'Etter-beskjæringen', sessionId: s.kept.session });
		await s.sync(s.a);

		s.wire.pages.length = 0;
		await s.sync(s.early);
		expect(s.wire.pages[0].snapshot).toBe(true);
		expect(hits(JSON.stringify(s.wire.pages), Object.values(T))).toEqual([]);

		const fresh = device('fresh');
		await s.sync(fresh);
		expect(await deviceState(s.early, s.projectId)).toEqual(await deviceState(fresh, s.projectId));
		expect(hits(JSON.stringify(await deviceState(fresh, s.projectId)), Object.values(T))).toEqual([]);
		// What is live is the same as on the device that wrote it.
		expect((await deviceState(fresh, s.projectId, true)).rows).toEqual((await deviceState(s.a, s.projectId, true)).rows);
		expect((await fresh.db.entries.get(s.deleted.quote))?.deleted).toBe(1);

		// A device that synced the content before the deletions is past the pruned log: it gets
		// the tombstones from the log. (What it already held stays on it: erasing that is the
		// device's part.)
		s.wire.pages.length = 0;
		await s.sync(s.seen);
		expect(s.wire.pages[0].snapshot).toBeUndefined();
		expect((await deviceState(s.seen, s.projectId, true)).rows).toEqual((await deviceState(fresh, s.projectId, true)).rows);
		expect((await s.seen.db.participants.get(s.deleted.participant))?.deleted).toBe(1);
	});

	it('a snapshot in small pages never ends inside one write and holds the same as one big page', async () => {
		const s = await scenario(db.sql);
		await prune(db.sql, afterHorizon());
		const big = (await pullAll(db.sql, s.projectId)).flatMap((p) => p.changes);
		const pages = await pullAll(db.sql, s.projectId, 0, 3);
		expect(pages.length).toBeGreaterThan(3);
		for (let i = 1; i < pages.length; i++) {
			const last = pages[i - 1].changes.at(-1);
			const first = pages[i].changes[0];
			if (last && first) expect(`${first.rowId}/${first.hlc}`).not.toBe(`${last.rowId}/${last.hlc}`);
		}
		// Who wrote a change, and what it replaced, come with log pages only: compare what the changes hold.
		const content = (changes: typeof big) => changes.map(({ userId: _u, base: _b, ...c }) => c);
		expect(content(pages.flatMap((p) => p.changes))).toEqual(content(big));
		const seqs = big.map((c) => c.seq);
		expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
	});

	it('a snapshot is paged by bytes too, and the pages hold the same as one big page', async () => {
		const s = await scenario(db.sql);
		await prune(db.sql, afterHorizon());
		const big = (await pullAll(db.sql, s.projectId)).flatMap((p) => p.changes);
		const pages = await pullAll(db.sql, s.projectId, 0, 1000, 200);
		expect(pages.length).toBeGreaterThan(3);
		const content = (changes: typeof big) => changes.map(({ userId: _u, base: _b, ...c }) => c);
		expect(content(pages.flatMap((p) => p.changes))).toEqual(content(big));
	});

	it("a deleted note's Yjs updates are gone after the horizon; other notes keep theirs", async () => {
		const s = await scenario(db.sql);
		await prune(db.sql, afterHorizon());
		const held = await db.sql.query<{ row_id: string; value: unknown }>(
			`select row_id, value from changes where project_id = $1 and tbl = 'noteUpdates' and value is not null`,
			[s.projectId]
		);
		expect(held.map((h) => h.row_id)).toEqual([s.kept.note]);
		const doc = new Y.Doc();
		for (const h of held) Y.applyUpdate(doc, fromBase64(String(h.value)));
		expect(noteText(doc)).toBe(KEPT.noteText);

		const fresh = device('fresh');
		await s.sync(fresh);
		expect(await fresh.db.noteUpdates.where('noteId').equals(s.deleted.note).count()).toBe(0);
		expect(await fresh.db.noteUpdates.where('noteId').equals(s.kept.note).count()).toBe(1);
	});

	it('a re-sent op of pruned content is acknowledged and not stored again; a late edit is pruned at the next run', async () => {
		const s = await scenario(db.sql);
		const now = afterHorizon();
		await prune(db.sql, now);
		const member = { projectId: s.projectId, userId: OWNER, role: 'owner' as const };
		// The op that carried the quote's text (a created row travels whole, as one `$row` change).
		const original = s.wire.pushed.find((c) => c.table === 'entries' && c.rowId === s.deleted.quote && fieldChangesOf(c).some((f) => f.field === 'text'));
		expect(fieldChangesOf(original!).find((f) => f.field === 'text')?.value).toBe(T.quote);
		const again = (await handlePush(db.sql, member, { changes: [original] })).body as PushResponse;
		expect(again.accepted).toEqual([original!.opId]);
		expect(hits(await dump(db.sql), [T.quote])).toEqual([]);

		// A tablet that was offline edits the deleted quote and pushes it after the prune.
		const late = (await handlePush(db.sql, member, { changes: [fieldChange('entries', s.deleted.quote2, 'text', T.late)] })).body as PushResponse;
		expect(late.rejected).toEqual([]);
		expect(hits(await dump(db.sql), [T.late])).toEqual([T.late]);
		const second = await prune(db.sql, now);
		expect(second).toMatchObject({ rows: 0, fields: 1, changes: 1 });
		expect(hits(await dump(db.sql), [T.late])).toEqual([]);
		expect(hits(JSON.stringify(await pullAll(db.sql, s.projectId)), [T.late])).toEqual([]);
		expect(await prune(db.sql, now)).toEqual({ projects: 0, rows: 0, fields: 0, changes: 0 });
	});

	it('startPruning prunes at once in the background and stops', async () => {
		const s = await scenario(db.sql);
		const lines: string[] = [];
		const done = new Promise<void>((resolve) => {
			const stop = startPruning(async () => db.sql, {
				// A horizon of a few microseconds: everything deleted so far is past it.
				horizonHours: 1e-9,
				intervalMs: HOUR,
				log: (line) => {
					lines.push(line);
					stop();
					resolve();
				}
			});
		});
		await done;
		expect(JSON.parse(lines[0])).toMatchObject({ event: 'sync.prune', projectId: s.projectId, rows: 5 });
		expect(hits(await dump(db.sql), [T.code, T.quote])).toEqual([]);
	});
});
