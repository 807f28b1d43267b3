import { describe, expect, it } from 'vitest';
import type { LocalData } from '$lib/data/local';
import { openTestData } from '$lib/data/testing';
import type { Entry } from '$lib/domain/entry';
import { reviewQueue, insightsView } from '$lib/review/queries';
import { libraryData } from '$lib/search/library';
import { applyRemoteChanges } from '$lib/sync/applyRemote';
import { formatHlc } from '$lib/sync/hlc';
import type { PulledChange } from '$lib/sync/wire';
import { entriesWithTags } from '../evidence';
import { listSessions } from '../sessions';
import { validRows, wholeRows } from '../wholeRows';

const hlc = (millis: number) => formatHlc({ millis, counter: 0, node: 'reviewer' });

/** What a reviewer's refused quick capture left on the server: three review fields of an entry nobody created. */
const halfEntry = (rowId: string, seq = 1): PulledChange[] =>
	(['reviewStatus', 'reviewedBy', 'reviewedAt'] as const).map((field, i) => ({
		seq: seq + i,
		opId: `op-${rowId}-${field}`,
		hlc: hlc(1_760_000_100_000),
		table: 'entries',
		rowId,
		field,
		value: field === 'reviewStatus' ? 'reviewed' : field === 'reviewedBy' ? 'user-c' : '2026-10-10T10:00:00Z'
	}));

async function world() {
	const t = openTestData({ now: () => new Date('2026-10-10T10:00:00Z') });
	const local = { ...t, deviceId: 'device-a', identity: { userId: 'user-a', displayName: '' } } as LocalData;
	const session = await t.repos.sessions.create('p1', { kind: 'interview', title: 'Samtale', date: '2026-10-01' });
	const quote = await t.repos.entries.create('p1', { kind: 'quote', text: 'Ingen spør.', sessionId: session.id });
	const fact = await t.repos.entries.create('p1', { kind: 'fact', text: '12 % faller fra', source: 'SSB' });
	await applyRemoteChanges(t.db, t.ctx.clock, 'p1', [...halfEntry('half-1'), { seq: 9, opId: 'op-s', hlc: hlc(1_760_000_100_000), table: 'sessions', rowId: 'half-s', field: 'title', value: 'Halv' }], 9);
	return { t, local, quote, fact };
}

describe('partial rows on a device', () => {
	it('are kept in the database (a later pull may complete them) but left out of every list', async () => {
		const { t, local, quote, fact } = await world();
		expect(await t.db.entries.get('half-1')).toMatchObject({ reviewStatus: 'reviewed' });

		const library = await libraryData(local, 'p1');
		expect(library.items.filter((i) => i.type === 'entry').map((i) => i.id).sort()).toEqual([quote.id, fact.id].sort());
		expect(library.items.filter((i) => i.type === 'session')).toHaveLength(1);

		const queue = await reviewQueue(local, 'p1', 'all');
		expect(queue.items.map((x) => x.entry.id).sort()).toEqual([quote.id, fact.id].sort());
		expect(queue.counts).toMatchObject({ all: 2, new: 2, reviewed: 0 });

		expect((await entriesWithTags(local, 'p1', 20)).map((x) => x.entry.id).sort()).toEqual([quote.id, fact.id].sort());
		expect((await insightsView(local, 'p1')).entries).toHaveLength(2);
		expect((await listSessions(local, 'p1')).map((s) => s.title)).toEqual(['Samtale']);
	});

	it('show up once a later pull completes them', async () => {
		const { t, local } = await world();
		const rest: [string, unknown][] = [
			['kind', 'quote'],
			['text', 'Kom fram til slutt'],
			['createdAt', '2026-10-09T10:00:00Z'],
			['createdBy', 'user-b'],
			['deleted', 0]
		];
		await applyRemoteChanges(
			t.db,
			t.ctx.clock,
			'p1',
			rest.map(([field, value], i) => ({ seq: 20 + i, opId: `op-rest-${field}`, hlc: hlc(1_760_000_000_000), table: 'entries', rowId: 'half-1', field, value })),
			30
		);
		const queue = await reviewQueue(local, 'p1', 'reviewed');
		expect(queue.items.map((x) => x.entry.text)).toEqual(['Kom fram til slutt']);
	});
});

describe('wholeRows and validRows', () => {
	const whole = { id: 'e1', projectId: 'p1', createdAt: '2026-10-10T10:00:00Z', createdBy: 'u', updatedAt: 'x', deleted: 0, kind: 'quote', text: 'Tekst' } as Entry;
	const partial = { id: 'e2', projectId: 'p1', updatedAt: 'x', reviewStatus: 'reviewed' } as unknown as Entry;
	const wrongValue = { ...whole, id: 'e3', kind: 'poem' } as unknown as Entry;

	it('keep whole rows as stored, leave partial ones out; validRows also leaves out invalid values', () => {
		expect(wholeRows('entries', [whole, partial, wrongValue])).toEqual([whole, wrongValue]);
		expect(wholeRows('entries', [whole])[0]).toBe(whole);
		expect(validRows('entries', [whole, partial, wrongValue])).toEqual([whole]);
	});

	it('fields with a default are not required (a row from before they existed is whole)', () => {
		const old = { ...whole, id: 'e4' };
		expect(wholeRows('entries', [old])).toEqual([old]);
	});

	it('accept the long ids derived from what a row is', () => {
		const tagging = { id: `tg:code:${'e'.repeat(36)}:${'c'.repeat(36)}`, projectId: 'p1', createdAt: 'x', createdBy: 'u', updatedAt: 'x', deleted: 0, kind: 'code', targetId: 'e1', tagId: 'c1', taggedBy: 'u' };
		expect(validRows('taggings', [tagging as never])).toHaveLength(1);
	});
});
