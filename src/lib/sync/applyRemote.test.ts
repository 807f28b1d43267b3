import { describe, expect, it } from 'vitest';
import { createProject } from '$lib/data/projects';
import { openTestData } from '$lib/data/testing';
import { applyRemoteChanges, readCursor } from './applyRemote';
import { formatHlc } from './hlc';
import type { PulledChange } from './wire';

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
		expect(removed).toBe(3);
	});
});
