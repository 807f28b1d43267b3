import { describe, expect, it } from 'vitest';
import type { LocalData } from '$lib/data/local';
import { openTestData } from '$lib/data/testing';
import { buildIndex, search } from './engine';
import { libraryData } from './library';

describe('searching a tag finds its evidence', () => {
	it('a region, life stage or code found by name (typo included) returns the visible evidence tagged with it', async () => {
		const t = openTestData();
		const data = { ...t, deviceId: 'device-a', identity: null } as unknown as LocalData;
		const p = 'proj-1';
		const region = await t.repos.regions.create(p, { field: 'yellow', name: 'Oppfølgingstjenesten', order: 0 });
		const stage = await t.repos.lifeStages.create(p, { fromAge: 16, toAge: 19, name: 'Videregående', order: 0 });
		const code = await t.repos.codes.create(p, { name: 'Ansvarspulverisering' });
		const gone = await t.repos.participants.create(p, { code: 'P-009' });
		await t.repos.participants.update(gone.id, { consent: { status: 'given', date: '2026-01-01', scope: ['notes', 'quotes'], recordedBy: 'user-a' } });
		const seen = await t.repos.entries.create(p, { kind: 'observation', text: 'Ingen ringte tilbake.' });
		const hidden = await t.repos.entries.create(p, { kind: 'observation', text: 'Jeg sluttet.', participantId: gone.id });
		for (const e of [seen, hidden]) {
			await t.repos.taggings.tag(p, e.id, 'region', region.id);
			await t.repos.taggings.tag(p, e.id, 'lifeStage', stage.id);
			await t.repos.taggings.tag(p, e.id, 'code', code.id);
		}

		// Consent withdrawn after the evidence was captured: from then on it is hidden.
		await t.repos.participants.update(gone.id, { consent: { status: 'withdrawn', date: '2026-02-01', scope: [], recordedBy: 'user-a' } });
		const { docs } = await libraryData(data, p);
		const index = buildIndex(docs);
		for (const [query, tag] of [['oppfølgingstjenesten', region.id], ['vidergeående', stage.id], ['ansvarspulverisring', code.id]] as const) {
			const hits = search(index, query);
			expect(hits.map((h) => h.id), query).toEqual([tag, seen.id]);
			expect(hits[1].kind).toBe('entry');
		}
		// A withdrawn participant's evidence is not reached through its tags either.
		expect(docs.flatMap((d) => d.evidence ?? [])).not.toContain(hidden.id);
	});
});
