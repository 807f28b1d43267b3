import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { exportCsv } from '../csv';
import { demoWithTrickyNote } from './fixtures';

const createdByColumn = (csv: string) => {
	const [header, ...rows] = csv.trim().split('\r\n');
	const at = header.split(',').indexOf('createdBy');
	// The last column: safe to read after the last comma even when earlier cells are quoted.
	expect(at).toBe(header.split(',').length - 1);
	return rows.map((r) => r.slice(r.lastIndexOf(',') + 1));
};

describe('CSV names people, not ids', () => {
	it('writes createdBy as the snapshot user\'s name, or through a given resolver', async () => {
		const f = await demoWithTrickyNote();
		const named = await readProjectSnapshot(f, f.projectId, [{ id: 'user-a', name: 'Ada Eier' }]);
		expect(new Set(createdByColumn(exportCsv(named)))).toEqual(new Set(['Ada Eier']));
		const resolved = exportCsv(named, { userName: (id) => `<${id}>` });
		expect(new Set(createdByColumn(resolved))).toEqual(new Set(['<user-a>']));
		// Nobody known: a neutral label, never the id (and the column is never empty).
		const bare = await readProjectSnapshot(f, f.projectId);
		expect(new Set(createdByColumn(exportCsv(bare)))).toEqual(new Set(['Forsker 1']));
	});
});
