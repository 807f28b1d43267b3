import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { eraseParticipant, enforceErasures, ErasureConfirmationError } from '$lib/data/erasure';
import { readProjectSnapshot, restoreBackupFile } from '$lib/data/exchange';
import { openTestData, type TestData } from '$lib/data/testing';
import { createBackup } from '$lib/exchange/backup';
import { exportQdpx } from '$lib/exchange/qdpx';
import { exportCsv } from '$lib/exchange/csv';
import { redactFixture, words } from '$lib/exchange/__tests__/redactFixture';
import { useInProcessServer } from '$lib/server/sync/testing';
import { syncProject } from '$lib/sync/syncProject';
import type { SyncTransport } from '$lib/sync/syncProject';
import * as Y from 'yjs';
import { noteText } from '$lib/notes/noteDoc';
import { noteIdFor } from '$lib/domain/noteId';

const server = useInProcessServer();

/** Ada's words (P-001): every one must be gone everywhere after her erasure. */
const hers = [words.ada, words.adaSecond, words.alone, words.adaOnly];
/** Bo's and the team's: they stay. */
const others = [words.bo, words.team];

const utf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);

/** Every store of the device's database as text: rows as JSON, note updates and blobs as their bytes. */
async function dumpDevice(d: TestData): Promise<string> {
	const out: string[] = [];
	for (const table of d.db.tables) {
		for (const row of await table.toArray()) {
			const r = row as Record<string, unknown>;
			if (r.update instanceof Uint8Array) out.push(utf8(r.update));
			if (r.blob instanceof Blob) out.push(utf8(new Uint8Array(await r.blob.arrayBuffer())));
			out.push(JSON.stringify(r, (_k, v) => (v instanceof Uint8Array ? utf8(v) : v)));
		}
	}
	return out.join('\n');
}

async function files(d: TestData, projectId: string): Promise<string> {
	const snapshot = await readProjectSnapshot(d, projectId);
	const backup = Object.values(unzipSync(await createBackup(snapshot, { createdAt: '2026-12-02T00:00:00Z' }))).map(utf8);
	const qdpx = Object.values(unzipSync((await exportQdpx(snapshot)).bytes)).map((b) => strFromU8(b));
	return [...backup, ...qdpx, exportCsv(snapshot)].join('\n');
}

function noteOf(d: TestData, noteId: string) {
	return d.db.noteUpdates.where('noteId').equals(noteId).toArray().then((rows) => {
		const doc = new Y.Doc();
		for (const r of rows) Y.applyUpdate(doc, r.update);
		return noteText(doc);
	});
}

describe('erasure on the device', () => {
	it('asks for the pseudonym typed out, then leaves nothing of hers in any store, export or backup, and keeps the others’ words', async () => {
		const f = await redactFixture();
		await expect(eraseParticipant(f.db, f.repos, 'user-a', f.ada, 'P-002')).rejects.toBeInstanceOf(ErasureConfirmationError);
		for (const w of hers) expect(await dumpDevice(f), w).toContain(w);

		const erasure = await eraseParticipant(f.db, f.repos, 'user-a', f.ada, ' p-001 ');
		expect(erasure).toMatchObject({ code: 'P-001', erasedBy: 'user-a', reason: 'request' });
		const dump = await dumpDevice(f);
		for (const w of hers) expect(dump, w).not.toContain(w);
		for (const w of others) expect(dump, w).toContain(w);
		const exported = await files(f, f.projectId);
		for (const w of hers) expect(exported, w).not.toContain(w);
		expect(exported).toContain(words.bo);
		// The shared session stays, without her; the session that was hers alone is gone.
		expect((await f.db.sessions.get(f.sharedSession))?.participantIds).toEqual([f.bo]);
		expect(await f.db.sessions.get(f.aloneSession)).toBeUndefined();
		expect(await f.db.participants.get(f.ada)).toBeUndefined();
		expect(await noteOf(f, noteIdFor(f.sharedSession))).toContain(words.bo);
		// Nothing left to do a second time.
		expect(await enforceErasures(f.db, f.projectId)).toEqual({ rows: 0, notesCut: 0, blobs: 0 });
		f.db.close();
	});

	it('reaches a tablet that was offline, its queued edits, and an older backup restored later – here and on a new tablet', async () => {
		const a = await redactFixture();
		const owner = server.transport({ projectId: a.projectId, userId: 'user-a', role: 'owner' });
		await syncProject(a.db, a.ctx.clock, owner, a.projectId);
		// Tablet B: the same researcher's second tablet, synced, then offline.
		const b = openTestData({ deviceId: 'device-b', actor: 'user-a' });
		const asB: SyncTransport = server.transport({ projectId: a.projectId, userId: 'user-a', role: 'researcher' });
		await syncProject(b.db, b.ctx.clock, asB, a.projectId);
		for (const w of hers) expect(await dumpDevice(b), w).toContain(w);
		const oldBackup = await createBackup(await readProjectSnapshot(b, a.projectId), { createdAt: '2026-12-01T00:00:00Z' });
		// Offline on B: an edit of her quote, and a new note of hers.
		const [quote] = (await b.repos.entries.listByProject(a.projectId)).filter((e) => e.participantId === a.ada);
		await b.repos.entries.update(quote.id, { text: `${words.ada} – rettet offline` });

		await eraseParticipant(a.db, a.repos, 'user-a', a.ada, 'P-001');
		await syncProject(a.db, a.ctx.clock, owner, a.projectId);

		await syncProject(b.db, b.ctx.clock, asB, a.projectId);
		const dumpB = await dumpDevice(b);
		for (const w of [...hers, 'rettet offline']) expect(dumpB, w).not.toContain(w);
		for (const w of others) expect(dumpB, w).toContain(w);
		for (const w of hers) expect(await files(b, a.projectId), w).not.toContain(w);
		expect(await b.db.rejected.count()).toBe(0);

		// The backup from before the erasure, restored on B: nothing of hers comes back.
		await restoreBackupFile(b, oldBackup);
		for (const w of hers) expect(await dumpDevice(b), w).not.toContain(w);
		await syncProject(b.db, b.ctx.clock, asB, a.projectId);
		for (const w of hers) expect(await dumpDevice(b), w).not.toContain(w);

		// …nor on a new tablet that restores it and then syncs (the server refuses it all and the pull erases it).
		const c = openTestData({ deviceId: 'device-c', actor: 'user-a' });
		await restoreBackupFile(c, oldBackup);
		await syncProject(c.db, c.ctx.clock, server.transport({ projectId: a.projectId, userId: 'user-a', role: 'owner' }), a.projectId);
		const dumpC = await dumpDevice(c);
		for (const w of hers) expect(dumpC, w).not.toContain(w);
		expect(dumpC).toContain(words.bo);
		expect(await c.db.rejected.count()).toBe(0);
		// And the server never took any of it back.
		const serverRows = await server.sql().query<{ row: string }>(`select (value)::text as row from changes where value is not null union all select value::text from field_state`);
		const serverText = serverRows.map((r) => r.row).join('\n');
		for (const w of hers) expect(serverText.includes(w) || serverText.includes(JSON.stringify(w).slice(1, -1)), w).toBe(false);
		for (const d of [a, b, c]) d.db.close();
	}, 120_000);
});
