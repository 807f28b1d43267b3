import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '$lib/data/db';
import { openTestData } from '$lib/data/testing';
import { actionFor, conflictItems, loadConflicts, openConflictCount, stampTime } from './conflictItems';
import { resolveConflict } from './resolveConflict';

const stamp = (iso: string, node: string) => `${String(Date.parse(iso)).padStart(15, '0')}:0000:${node}`;
const long = `${'Ungdommen fortalte at bussen aldri kom i tide, '.repeat(12)}og derfor sluttet hun.`;

const entryRow = { id: 'e1', projectId: 'p', kind: 'quote', text: 'Bussen kom ikke i det hele tatt (Anna)', sessionId: 's1', highlightId: 'h1', deleted: 0 };
const rows = new Map<string, Record<string, unknown>>([
	['entries/e1', entryRow],
	['participants/u1', { id: 'u1', projectId: 'p', code: 'U-07', municipality: 'Fjordvik', deleted: 0 }],
	['sessions/s1', { id: 's1', projectId: 'p', title: 'Samtale etter skolen', place: 'Biblioteket', deleted: 0 }]
]);

function record(r: Partial<HistoryRecord>): HistoryRecord {
	return {
		id: 1,
		projectId: 'p',
		table: 'entries',
		rowId: 'e1',
		field: 'text',
		value: 'Bussen kom ikke (Bjørn)',
		hlc: stamp('2026-11-20T09:00:00Z', 'tab-b'),
		supersededBy: stamp('2026-11-20T09:05:00Z', 'tab-a'),
		at: '2026-11-20T10:00:00Z',
		...r
	};
}

describe('conflict items: what a researcher reads', () => {
	it('my lost evidence text: the field in words, the item, both versions in full, who and when', () => {
		const [item] = conflictItems([record({ kind: 'mineLost', by: 'anna', value: long })], rows, 'bjorn');
		expect(item).toMatchObject({
			kind: 'mineLost',
			what: 'Tekst på bevis',
			subject: 'Bussen kom ikke i det hele tatt (Anna)',
			href: '/sessions/s1#highlight-h1',
			current: { text: 'Bussen kom ikke i det hele tatt (Anna)', who: 'anna', at: '2026-11-20T09:05:00.000Z', mine: false },
			lost: { who: 'bjorn', at: '2026-11-20T09:00:00.000Z', mine: true }
		});
		// Never cut: the whole losing text is there to read and to keep.
		expect(item.lost.text).toBe(long);
	});

	it("a colleague's older value that lost to mine: mine stands, theirs is shown", () => {
		const [item] = conflictItems([record({ kind: 'theirsLost' })], rows, 'anna');
		expect(item.current).toMatchObject({ who: 'anna', mine: true });
		expect(item.lost).toMatchObject({ text: 'Bussen kom ikke (Bjørn)', mine: false });
	});

	it('names the item by what the field calls it: participant code, session title, first words of evidence', () => {
		const items = conflictItems(
			[
				record({ id: 3, table: 'participants', rowId: 'u1', field: 'municipality', value: 'Havbyen', kind: 'mineLost' }),
				record({ id: 2, table: 'sessions', rowId: 's1', field: 'place', value: 'Kafeen', kind: 'mineLost' }),
				record({ id: 1, rowId: 'e2', kind: 'mineLost' })
			],
			new Map([...rows, ['entries/e2', { ...entryRow, id: 'e2', sessionId: null, highlightId: null, text: 'En, to, tre, fire, fem, seks, sju, åtte, ni, ti, elleve, tolv' }]]),
			'bjorn'
		);
		expect(items.map((i) => [i.what, i.subject, i.href])).toEqual([
			['Kommune på deltaker', 'U-07', '/participants'],
			['Sted på økt', 'Samtale etter skolen', '/sessions/s1'],
			['Tekst på bevis', 'En, to, tre, fire, fem, seks, sju, åtte, ni, ti, …', '/library']
		]);
	});

	it('an edit of an item a colleague deleted: the item is back, the deletion is named with who and when', () => {
		const [item] = conflictItems(
			[record({ kind: 'restoredAfterDelete', field: 'deleted', value: 0, by: 'anna', hlc: stamp('2026-11-20T09:10:00Z', 'tab-b') })],
			rows,
			'bjorn'
		);
		expect(item).toMatchObject({ kind: 'restoredAfterDelete', gone: false, lost: { who: 'anna', at: '2026-11-20T09:05:00.000Z' }, current: { text: entryRow.text } });
		expect(actionFor(item, 'deleteAnyway')).toEqual({ write: null, remove: true });
		// The colleague's deletion, pulled after my edit brought the item back, is the same conflict: listed once.
		const twice = conflictItems(
			[
				record({ id: 1, kind: 'restoredAfterDelete', field: 'deleted', value: 0, by: 'anna' }),
				record({ id: 2, kind: 'theirsLost', field: 'deleted', value: 1, hlc: stamp('2026-11-20T09:05:00Z', 'tab-a') })
			],
			rows,
			'bjorn'
		);
		expect(twice.map((i) => i.kind)).toEqual(['restoredAfterDelete']);
		expect(actionFor(item, 'ok')).toEqual({ write: null, remove: false });
	});

	it('resolved records and merged values (tags, codings, note text) are not listed', () => {
		const items = conflictItems(
			[
				record({ id: 1, resolvedAt: '2026-11-21T08:00:00Z', kind: 'mineLost' }),
				record({ id: 2, table: 'taggings', field: 'createdBy', kind: 'theirsLost' }),
				record({ id: 3, table: 'notes', field: 'text' }),
				record({ id: 4, kind: 'mineLost' })
			],
			rows,
			'bjorn'
		);
		expect(items.map((i) => i.id)).toEqual([4]);
	});

	it('keep mine writes my value again only when mine lost; keep theirs only when theirs lost', () => {
		const [mineLost] = conflictItems([record({ kind: 'mineLost' })], rows, 'bjorn');
		expect(actionFor(mineLost, 'keepMine').write).toEqual({ table: 'entries', rowId: 'e1', field: 'text', value: 'Bussen kom ikke (Bjørn)' });
		expect(actionFor(mineLost, 'keepTheirs').write).toBeNull();
		expect(actionFor(mineLost, 'dismiss').write).toBeNull();
		const [theirsLost] = conflictItems([record({ kind: 'theirsLost' })], rows, 'anna');
		expect(actionFor(theirsLost, 'keepMine').write).toBeNull();
		expect(actionFor(theirsLost, 'keepTheirs').write).toMatchObject({ value: 'Bussen kom ikke (Bjørn)' });
	});

	it('a stamp that cannot be read has no time rather than a wrong one', () => {
		expect(stampTime('nonsense')).toBeNull();
		expect(stampTime(undefined)).toBeNull();
	});
});

describe('resolving a conflict on the tablet', () => {
	it('keep mine is a new edit of my value through the repository (it syncs), and the conflict leaves the list', async () => {
		const d = openTestData({ actor: 'bjorn' });
		const project = await d.repos.projects.create('p-res', { name: 'Konflikter', language: 'nb', template: 'empty' }, 'p-res');
		const entry = await d.repos.entries.create(project.id, { kind: 'quote', text: 'Annas versjon' });
		await d.db.outbox.clear();
		await d.db.history.add(record({ id: undefined, projectId: project.id, rowId: entry.id, value: 'Bjørns versjon', kind: 'mineLost', by: 'anna' }));
		expect(await openConflictCount(d.db, project.id)).toBe(1);

		const { records, rows: current } = await loadConflicts(d.db, project.id);
		const [item] = conflictItems(records, current, 'bjorn');
		await resolveConflict(d, item, 'keepMine');

		expect((await d.db.entries.get(entry.id))?.text).toBe('Bjørns versjon');
		expect(await d.db.outbox.toArray()).toMatchObject([{ table: 'entries', rowId: entry.id, field: 'text', value: 'Bjørns versjon' }]);
		expect(await openConflictCount(d.db, project.id)).toBe(0);
	});

	it('delete anyway removes the item that came back; keep theirs writes nothing', async () => {
		const d = openTestData({ actor: 'bjorn' });
		const project = await d.repos.projects.create('p-del', { name: 'Konflikter', language: 'nb', template: 'empty' }, 'p-del');
		const entry = await d.repos.entries.create(project.id, { kind: 'quote', text: 'Rettet i felt' });
		await d.db.history.bulkAdd([
			record({ id: undefined, projectId: project.id, rowId: entry.id, field: 'deleted', value: 0, kind: 'restoredAfterDelete', by: 'anna' }),
			record({ id: undefined, projectId: project.id, rowId: entry.id, value: 'Bjørns versjon', kind: 'mineLost', by: 'anna' })
		]);
		await d.db.outbox.clear();
		const { records, rows: current } = await loadConflicts(d.db, project.id);
		const [mineLost, restored] = conflictItems(records, current, 'bjorn');
		await resolveConflict(d, mineLost, 'keepTheirs');
		expect(await d.db.outbox.count()).toBe(0);
		await resolveConflict(d, restored, 'deleteAnyway');
		expect((await d.db.entries.get(entry.id))?.deleted).toBe(1);
		expect(await openConflictCount(d.db, project.id)).toBe(0);
	});
});
