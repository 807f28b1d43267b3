import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { csvField, exportCsv, neutraliseFormula, norwegianExcel } from '../csv';
import { demoWithTrickyNote } from './fixtures';
import { readCsv } from './readCsv';


/** What a spreadsheet would run as a formula: a cell starting with one of OWASP's characters. */
const formulaLike = /^[=+\-@\t\r]/;

const hostile = ['=HYPERLINK("http://x")', '-Nei, sa hun', '+47 prosent', '@SUM(A1)', '\t=1', '=1+1', '\r=cmd'];

describe('CSV against formula injection, and for Norwegian Excel', () => {
	it('neutralises each of the seven hostile cells with a leading quote, the original still there after it', () => {
		for (const value of hostile) {
			const safe = neutraliseFormula(value);
			expect(safe, JSON.stringify(value)).toBe(`'${value}`);
			for (const separator of [',', ';'] as const) {
				const [[cell]] = readCsv(`${csvField(value, separator)}\r\n`, separator);
				expect(cell).toBe(`'${value}`);
				expect(cell).not.toMatch(formulaLike);
			}
		}
		// Text that only contains such characters later is left as it is.
		expect(neutraliseFormula('Hun sa -nei')).toBe('Hun sa -nei');
		expect(neutraliseFormula('')).toBe('');
	});

	it('writes no cell a spreadsheet would run, in the standard and the "Norsk Excel" file alike', async () => {
		const f = await demoWithTrickyNote();
		const session = await f.repos.sessions.create(f.projectId, { kind: 'workshop', title: '=1+1', date: '2026-10-12' });
		// The entry schema trims text, so a leading tab or CR cannot reach an entry's text; the others can.
		const texts = hostile.filter((t) => !/^\s/.test(t));
		for (const text of texts) await f.repos.entries.create(f.projectId, { kind: 'quote', text, sessionId: session.id, source: '@kilde' });
		const snap = await readProjectSnapshot(f, f.projectId, [{ id: 'user-a', name: '-Ada' }]);

		const standard = readCsv(exportCsv(snap), ',');
		const nb = exportCsv(snap, norwegianExcel);
		expect(nb.startsWith('\ufeffid;kind;text;')).toBe(true);
		const norwegian = readCsv(nb.slice(1), ';');
		for (const rows of [standard, norwegian]) {
			const header = rows[0];
			expect(header).toContain('createdBy');
			for (const row of rows.slice(1)) {
				expect(row).toHaveLength(header.length);
				for (const cell of row) expect(cell).not.toMatch(formulaLike);
			}
			const cells = rows.slice(1).map((r) => r[header.indexOf('text')]);
			for (const text of texts) expect(cells).toContain(`'${text}`);
			const mine = rows.filter((r) => r[header.indexOf('session')] === "'=1+1");
			expect(mine).toHaveLength(texts.length);
			expect(mine.every((r) => r[header.indexOf('source')] === "'@kilde" && r[header.indexOf('createdBy')] === "'-Ada")).toBe(true);
		}
		f.db.close();
	});
});
