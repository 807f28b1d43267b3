import { describe, expect, it } from 'vitest';
import { createProject } from '$lib/data/projects';
import { openTestData } from '$lib/data/testing';
import { applyRemoteChanges, readCursor } from './applyRemote';
import { formatHlc } from './hlc';
import * as Y from 'yjs';
import { toBase64, type PulledChange } from './wire';

const stamp = (millis: number, node = 'remote') => formatHlc({ millis, counter: 0, node });

async function setup() {
	let now = 1_760_000_000_000;
	const t = openTestData({ now: () => new Date(now) });
	const p = await createProject(t.ctx, t.repos, { name: 'Agder', language: 'nb', template: 'empty' });
	const e = await t.repos.entries.create(p.id, { kind: 'quote', text: 'Lokal tekst' });
	return { t, p, e, advance: (ms: number) => (now += ms), at: () => now };
}

const change = (rowId: string, field: string, value: unknown, hlc: string, seq = 1): PulledChange => ({
	seq,
	opId: `op-${seq}`,
	hlc,
	table: 'entries',
	rowId,
	field,
	value
});

describe('applying pulled changes', () => {
	it('a newer remote edit wins the field and the local value is kept in history', async () => {
		const { t, p, e, at } = await setup();
		await applyRemoteChanges(t.db, t.ctx.clock, p.id, [change(e.id, 'text', 'Fjern tekst', stamp(at() + 1000))], 7);
		expect((await t.db.entries.get(e.id))?.text).toBe('Fjern tekst');
		const history = await t.db.history.toArray();
		expect(history).toMatchObject([{ table: 'entries', rowId: e.id, field: 'text', value: 'Lokal tekst' }]);
		expect(await readCursor(t.db, p.id)).toBe(7);
	});

	it('an older remote edit loses, and its value is kept in history, not shown', async () => {
		const { t, p, e, at } = await setup();
		await applyRemoteChanges(t.db, t.ctx.clock, p.id, [change(e.id, 'text', 'Gammel tekst', stamp(at() - 60_000))], 3);
		expect((await t.db.entries.get(e.id))?.text).toBe('Lokal tekst');
		expect(await t.db.history.toArray()).toMatchObject([{ field: 'text', value: 'Gammel tekst' }]);
	});

	it('edits of different fields of one row both survive', async () => {
		const { t, p, e, at, advance } = await setup();
		await t.db.outbox.clear(); // the entry was sent; now both devices edit it
		advance(10);
		await t.repos.entries.update(e.id, { kind: 'observation' });
		await applyRemoteChanges(t.db, t.ctx.clock, p.id, [change(e.id, 'reviewStatus', 'agreed', stamp(at() + 5))], 1);
		expect(await t.db.entries.get(e.id)).toMatchObject({ kind: 'observation', reviewStatus: 'agreed', text: 'Lokal tekst' });
		expect(await t.db.history.count()).toBe(0);
	});

	it('applying the same page twice changes nothing and writes nothing to the outbox', async () => {
		const { t, p, at } = await setup();
		const page = [change('new-entry', 'kind', 'fact', stamp(at() + 1), 1), change('new-entry', 'text', '12 %', stamp(at() + 1), 2)];
		const outbox = await t.db.outbox.count();
		await applyRemoteChanges(t.db, t.ctx.clock, p.id, page, 2);
		const once = await t.db.entries.get('new-entry');
		await applyRemoteChanges(t.db, t.ctx.clock, p.id, page, 2);
		expect(await t.db.entries.get('new-entry')).toEqual(once);
		expect(once).toMatchObject({ id: 'new-entry', projectId: p.id, kind: 'fact', text: '12 %' });
		expect(await t.db.outbox.count()).toBe(outbox);
	});
});

describe('the outbox before a push', () => {
	it('keeps only the latest queued change of each field', async () => {
		const { compactOutbox } = await import('./outgoing');
		const { t, p, e, advance } = await setup();
		for (const text of ['a', 'ab', 'abc']) {
			advance(1);
			await t.repos.entries.update(e.id, { text });
		}
		const removed = await compactOutbox(t.db, p.id);
		const texts = (await t.db.outbox.where('[table+rowId]').equals(['entries', e.id]).toArray()).filter((c) => c.field === 'text');
		expect(texts.map((c) => c.value)).toEqual(['abc']);
		// The create is one whole-row change and stays; of the three edits only the last.
		expect(removed).toBe(2);
	});
});

describe('pulled changes this build cannot apply', () => {
	const noteUpdate = (seq: number, value: unknown, rowId = 'note:s1'): PulledChange => ({ seq, opId: `op-${seq}`, hlc: stamp(1_760_000_000_000 + seq), table: 'noteUpdates', rowId, field: '$yjs', value });
	const goodUpdate = () => {
		const doc = new Y.Doc();
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('Fra nettbrett B')]);
		doc.getXmlFragment('default').insert(0, [paragraph]);
		return toBase64(Y.encodeStateAsUpdate(doc));
	};

	it('are set aside with a reason while the rest of the page applies and the cursor moves past them', async () => {
		const { t, p, e, at } = await setup();
		const later = stamp(at() + 1000);
		const page: PulledChange[] = [
			change(e.id, 'text', 'Ny tekst', later, 1),
			{ ...change('g-1', 'colour', 'red', later, 2), table: 'gadgets' as PulledChange['table'] },
			change(e.id, 'mood', 'glad', later, 3),
			change(e.id, 'kind', 'poem', later, 4),
			change(e.id, '__proto__', { polluted: true }, later, 5),
			noteUpdate(6, toBase64(new TextEncoder().encode('this is not a yjs update'))),
			noteUpdate(7, 'not base64 at all!'),
			noteUpdate(8, goodUpdate())
		];
		await applyRemoteChanges(t.db, t.ctx.clock, p.id, page, 8);

		expect(await t.db.entries.get(e.id)).toMatchObject({ text: 'Ny tekst', kind: 'quote' });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect((await t.db.noteUpdates.toArray()).map((u) => u.id)).toEqual(['op-8']);
		const aside = await t.db.setAside.orderBy('opId').toArray();
		expect(aside.map((r) => [r.opId, r.table, r.field, r.reason])).toEqual([
			['op-2', 'gadgets', 'colour', 'unknown_table'],
			['op-3', 'entries', 'mood', 'unknown_field'],
			['op-4', 'entries', 'kind', 'invalid_value'],
			['op-5', 'entries', '__proto__', 'unknown_field'],
			['op-6', 'noteUpdates', '$yjs', 'invalid_update'],
			['op-7', 'noteUpdates', '$yjs', 'invalid_update']
		]);
		// The raw change is kept as it came, for a later build to apply.
		expect(aside[0]).toMatchObject({ projectId: p.id, rowId: 'g-1', value: 'red', seq: 2 });
		expect(await readCursor(t.db, p.id)).toBe(8);

		// The next page is not held up by them.
		await applyRemoteChanges(t.db, t.ctx.clock, p.id, [change(e.id, 'source', 'SSB', stamp(at() + 2000), 9)], 9);
		expect(await t.db.entries.get(e.id)).toMatchObject({ source: 'SSB' });
		expect(await readCursor(t.db, p.id)).toBe(9);
		expect(await t.db.setAside.count()).toBe(6);
	});

	it('a created row (`$row`) with a field this build does not know applies the rest and sets that field aside', async () => {
		const { t, p, at } = await setup();
		const row = { kind: 'quote', text: 'Fra en nyere app', createdAt: '2026-10-10T10:00:00Z', createdBy: 'user-b', deleted: 0, mood: 'glad' };
		const hlc = stamp(at() + 1000);
		await applyRemoteChanges(t.db, t.ctx.clock, p.id, [{ ...change('e-new', '$row', row, hlc, 1), opId: 'op-row' }, { ...change('e-odd', '$row', 'not an object', hlc, 2), opId: 'op-odd' }], 2);
		expect(await t.db.entries.get('e-new')).toMatchObject({ kind: 'quote', text: 'Fra en nyere app' });
		expect((await t.db.setAside.orderBy('opId').toArray()).map((r) => [r.opId, r.field, r.reason])).toEqual([
			['op-odd', '$row', 'invalid_value'],
			['op-row#mood', 'mood', 'unknown_field']
		]);
	});

	it('a set-aside change this build can apply (kept by an older one) is applied with the next page and leaves the list', async () => {
		const { t, p, e, at } = await setup();
		const kept = change(e.id, 'source', 'Kommunebarometeret', stamp(at() + 500), 3);
		await t.db.setAside.put({ ...kept, projectId: p.id, reason: 'unknown_field', at: new Date().toISOString() });
		await t.db.setAside.put({ ...change('g-1', 'colour', 'red', stamp(at() + 500), 4), table: 'gadgets', projectId: p.id, reason: 'unknown_table', at: '' });
		await applyRemoteChanges(t.db, t.ctx.clock, p.id, [], 10);
		expect(await t.db.entries.get(e.id)).toMatchObject({ source: 'Kommunebarometeret' });
		expect((await t.db.setAside.toArray()).map((r) => r.opId)).toEqual(['op-4']);
	});
});
