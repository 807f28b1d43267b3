import { describe, expect, it } from 'vitest';
import { openTestData } from '$lib/data/testing';
import { createSearchClient } from './client';
import type { ViewResult } from './view';

describe('search client', () => {
	it('reads the project and answers views in the calling thread where there is no Worker; a newer view supersedes one not yet answered', async () => {
		const t = openTestData();
		const p = 'proj-1';
		await t.repos.entries.create(p, { kind: 'quote', text: 'Bussen kommer aldri' });
		await t.repos.entries.create(p, { kind: 'quote', text: 'Skolen ringte aldri' });
		const client = createSearchClient({ db: t.db });
		const changed = new Promise<number>((resolve) => client.onchange(resolve));
		client.open(p);
		await changed;
		const first = client.view({ query: 'b', filter: {}, limit: 10 });
		const second = client.view({ query: 'bu', filter: {}, limit: 10 });
		const third = client.view({ query: 'buss', filter: {}, limit: 10 });
		const answers = await Promise.all([first, second, third]);
		// The first was already sent when the others came; the second was replaced before it ran.
		expect(answers[0]?.query).toBe('b');
		expect(answers[1]).toBeNull();
		expect((answers[2] as ViewResult).rows.map((r) => r.type === 'entry' && r.entry.text)).toEqual(['Bussen kommer aldri']);
		expect((await client.view({ query: '', filter: {}, limit: 10 }))!.entryCount).toBe(2);
		client.close();
	});
});
