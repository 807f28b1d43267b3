import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { noteIdFor } from '$lib/domain/noteId';
import { appendNoteUpdate } from '$lib/notes/updateLog';
import { applyRemoteChanges } from '$lib/sync/applyRemote';
import { formatHlc } from '$lib/sync/hlc';
import { exportCsv } from '../csv';
import { exportQdc } from '../qdc';
import { exportQdpx } from '../qdpx';
import { exportHtml, exportMarkdown } from '../report';
import { demoWithTrickyNote, schemaErrors } from './fixtures';

/**
 * A device that holds what it cannot use – a note update that is not one (stored
 * before anyone checked), rows of which it has only one field – still exports.
 */
async function poisoned() {
	const f = await demoWithTrickyNote();
	const clean = await readProjectSnapshot(f, f.projectId);
	const noteId = noteIdFor(f.sessionId);
	await appendNoteUpdate(f.db, { projectId: f.projectId, noteId, update: new TextEncoder().encode('this is not a yjs update'), synced: 1 });
	// Field changes for rows this device never received whole: an entry, a code, a session.
	const hlc = formatHlc({ millis: Date.parse('2026-09-02T10:00:00Z'), counter: 0, node: 'other' });
	await applyRemoteChanges(
		f.db,
		f.ctx.clock,
		f.projectId,
		[
			{ seq: 1, opId: 'op-1', hlc, table: 'entries', rowId: 'half-entry', field: 'reviewStatus', value: 'agreed' },
			{ seq: 2, opId: 'op-2', hlc, table: 'codes', rowId: 'half-code', field: 'name', value: 'Halv kode' },
			{ seq: 3, opId: 'op-3', hlc, table: 'sessions', rowId: 'half-session', field: 'title', value: 'Halv økt' }
		],
		3
	);
	return { f, clean, dirty: await readProjectSnapshot(f, f.projectId) };
}

describe('exports from a device with a bad note update and partial rows', () => {
	it('.qdpx: valid, the same as without them, and says what it left out', async () => {
		const { clean, dirty } = await poisoned();
		const before = await exportQdpx({ ...clean, blob: async () => undefined });
		const after = await exportQdpx({ ...dirty, blob: async () => undefined });
		const qde = strFromU8(unzipSync(after.bytes)['project.qde']);
		expect(await schemaErrors(qde, 'Project.xsd')).toEqual([]);
		expect(qde).toBe(strFromU8(unzipSync(before.bytes)['project.qde']));
		expect(after).toMatchObject({ partialRows: 3, skippedNoteUpdates: 1, selections: before.selections });
		expect(before).toMatchObject({ partialRows: 0, skippedNoteUpdates: 0 });
	}, 60_000);

	it('CSV, codebook and reports: the same as without them', async () => {
		const { clean, dirty } = await poisoned();
		expect(exportCsv(dirty)).toBe(exportCsv(clean));
		expect(exportQdc(dirty.rows.codes)).toBe(exportQdc(clean.rows.codes));
		const options = { scope: { kind: 'project' as const }, exportedAt: '2026-12-01T00:00:00Z' };
		expect(exportMarkdown(dirty, options)).toBe(exportMarkdown(clean, options));
		expect(exportHtml(dirty, options)).toBe(exportHtml(clean, options));
	}, 60_000);
});
