import { describe, expect, it } from 'vitest';
import { openTestData, type TestData } from '$lib/data/testing';
import { buildIndex, search, type SearchIndex } from './engine';
import { SearchHost } from './host';
import { libraryData } from './library';
import { fromStored } from './persisted';

// Words, prefixes, typos and tag names: every way the library is searched.
const queries = ['bussen', 'buss', 'skoel', 'saksbehandlern', 'venterommet', 'ensomhet', 'oppfølging', 'p-001', 'fyret', 'klubben', 'aldri', 'ny', 'svømmehallen', 'ingen vet'];

function answers(index: SearchIndex) {
	return queries.map((q) => ({ q, hits: search(index, q, Infinity).map((h) => ({ id: h.id, kind: h.kind, terms: [...h.terms].sort(), score: +h.score.toFixed(6) })) }));
}

async function fresh(t: TestData, projectId: string): Promise<SearchIndex> {
	return buildIndex((await libraryData(t, projectId)).docs);
}

/** Retries an expectation until the host has caught up with the writes (it follows them asynchronously). */
async function eventually(check: () => Promise<void> | void): Promise<void> {
	const until = Date.now() + 5000;
	for (;;) {
		try {
			await check();
			return;
		} catch (e) {
			if (Date.now() > until) throw e;
			await new Promise((r) => setTimeout(r, 20));
		}
	}
}

async function caughtUp(host: SearchHost, t: TestData, projectId: string): Promise<void> {
	const want = answers(await fresh(t, projectId));
	await eventually(() => {
		expect(host.index).not.toBeNull();
		expect(answers(host.index!)).toEqual(want);
	});
}

describe('the persisted search index', () => {
	it('after a series of writes gives the same answers as a fresh build, in memory, as stored, and read back on the next start', async () => {
		const t = openTestData();
		const p = 'proj-1';
		const ada = await t.repos.participants.create(p, { code: 'P-001', consent: { status: 'given', date: '2026-08-20', scope: ['notes', 'quotes'], recordedBy: 'user-a' } });
		const club = await t.repos.sessions.create(p, { kind: 'interview', title: 'Samtale på klubben', date: '2026-09-01', place: 'Fyret', participantIds: [ada.id] });
		const region = await t.repos.regions.create(p, { field: 'yellow', name: 'Oppfølgingstjenesten', order: 0 });
		const bus = await t.repos.entries.create(p, { kind: 'quote', text: 'Bussen kommer aldri når skolen slutter', sessionId: club.id, participantId: ada.id });
		const nav = await t.repos.entries.create(p, { kind: 'observation', text: 'Saksbehandleren byttes hvert halvår' });
		const pool = await t.repos.entries.create(p, { kind: 'observation', text: 'Vi tok bussen til svømmehallen' });
		await t.repos.taggings.tag(p, nav.id, 'region', region.id);

		let changes = 0;
		const host = new SearchHost(t.db, p, () => changes++);
		await host.open();
		await caughtUp(host, t, p);
		expect(host.lastChanges).toBe('built');

		// Replace, discard, add, a tag's evidence, a new tag, then a withdrawal that hides words in two documents.
		await t.repos.entries.update(nav.id, { text: 'Saksbehandleren sitter i venterommet' });
		await caughtUp(host, t, p);
		await t.repos.entries.remove(pool.id);
		await caughtUp(host, t, p);
		const lonely = await t.repos.entries.create(p, { kind: 'unknown', text: 'Ingen vet hvem som har ansvaret' });
		await caughtUp(host, t, p);
		const code = await t.repos.codes.create(p, { name: 'Ensomhet' });
		await t.repos.taggings.tag(p, lonely.id, 'code', code.id);
		await t.repos.taggings.tag(p, bus.id, 'region', region.id);
		await caughtUp(host, t, p);
		await t.repos.participants.update(ada.id, { consent: { status: 'withdrawn', date: '2026-10-01', scope: [], recordedBy: 'user-a' } });
		await caughtUp(host, t, p);
		expect(host.lastChanges).toMatchObject({ added: 0 });
		expect(changes).toBeGreaterThan(5);

		await host.close();
		const stored = await t.db.searchIndex.get(p);
		expect(answers(fromStored(stored)!.index)).toEqual(answers(await fresh(t, p)));
		// The stored copy keeps no word of deleted evidence, nor of the participant who withdrew.
		expect(stored!.index).not.toContain('svømmehallen');
		expect(stored!.index).not.toContain('p-001');
		expect(stored!.index).not.toContain('bussen');

		// Written while no screen followed the project: the next start loads the stored index and catches up.
		await t.repos.entries.create(p, { kind: 'quote', text: 'Skolen ringte aldri tilbake' });
		await t.repos.entries.restore(pool.id);
		const next = new SearchHost(t.db, p, () => {});
		await next.open();
		await caughtUp(next, t, p);
		expect(next.lastChanges).toEqual({ added: 2, replaced: 0, discarded: 0 });
		expect(next.view({ query: 'skoel', filter: {}, limit: 10 })!.rows.map((r) => r.type === 'entry' && r.entry.text)).toEqual(['Skolen ringte aldri tilbake']);
		await next.close();
	});

	it('is rebuilt when the stored one was written in another format', async () => {
		const t = openTestData();
		const p = 'proj-1';
		await t.repos.entries.create(p, { kind: 'quote', text: 'Bussen kommer aldri' });
		await t.db.searchIndex.put({ projectId: p, format: -1, index: 'not json', hashes: [], evidenceOf: [] });
		const host = new SearchHost(t.db, p, () => {});
		await host.open();
		await caughtUp(host, t, p);
		expect(host.lastChanges).toBe('built');
		await host.close();
		expect((await t.db.searchIndex.get(p))!.format).toBeGreaterThan(0);
	});
});
