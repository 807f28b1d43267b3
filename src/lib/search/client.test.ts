import { describe, expect, it } from 'vitest';
import { createSearchClient } from './client';

describe('search client', () => {
	it('indexes and answers in the calling thread where there is no Worker', async () => {
		const client = createSearchClient();
		client.index([{ id: 'e1', kind: 'entry', text: 'Bussen kommer aldri' }]);
		expect((await client.search('buss')).map((h) => h.id)).toEqual(['e1']);
		client.close();
	});
});
