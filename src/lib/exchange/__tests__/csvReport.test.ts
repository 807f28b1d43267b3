import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { csvField, exportCsv } from '../csv';
import { exportHtml, exportMarkdown } from '../report';
import { demoWithTrickyNote } from './fixtures';
import { readCsv } from './readCsv';


describe('CSV and report', () => {
	it('writes one RFC 4180 row per entry with its tags, BOM on request', async () => {
		const f = await demoWithTrickyNote();
		const snap = await readProjectSnapshot(f, f.projectId);
		const csv = exportCsv(snap);
		expect(csv.startsWith('\ufeff')).toBe(false);
		expect(exportCsv(snap, { bom: true }).startsWith('\ufeffid,kind,text')).toBe(true);
		const rows = readCsv(csv);
		const entries = await f.repos.entries.listByProject(f.projectId);
		expect(rows).toHaveLength(entries.length + 1);
		const header = rows[0];
		const multiline = rows.find((r) => r[header.indexOf('text')] === 'jeg gidder ikke\nmer 😅')!;
		expect(multiline[header.indexOf('codes')]).not.toBe('');
		expect(multiline[header.indexOf('participant')]).toBe('P-001');
		expect(csvField('a "b", c')).toBe('"a ""b"", c"');
	});

	it('reports areas → insights → quotes, with a participant code only where consent covers quotes', async () => {
		const f = await demoWithTrickyNote();
		const p1 = (await f.repos.participants.listByProject(f.projectId)).find((p) => p.code === 'P-001')!;
		const snap = await readProjectSnapshot(f, f.projectId);
		const md = exportMarkdown(snap, { exportedAt: '2026-10-11T12:00:00Z' });
		expect(md).toContain('### Noen som spør (Hovedprosjekt)');
		expect(md).toContain('#### Unge merker at ingen følger opp 👀');
		expect(md).toContain('> Ærlig talt, «skolen» var for stor — P-001');
		expect(md).toMatch(/\| \*\*.+\*\* \| \d+/);
		expect(exportHtml(snap, { exportedAt: '2026-10-11T12:00:00Z' })).toContain('<blockquote><p>Blåbær 🫐 på Øya</p><footer>Sitat — P-001</footer></blockquote>');

		// Without quotes in the consent scope the quote stays, the code goes.
		await f.repos.participants.update(p1.id, { consent: { ...p1.consent!, scope: ['notes'] } });
		const without = exportMarkdown(await readProjectSnapshot(f, f.projectId), { exportedAt: '2026-10-11T12:00:00Z' });
		expect(without).toContain('> Ærlig talt, «skolen» var for stor  \n');
		expect(without).not.toContain('— P-001');
		// Withdrawn: the evidence is left out altogether.
		await f.repos.participants.update(p1.id, { consent: { ...p1.consent!, status: 'withdrawn' } });
		expect(exportMarkdown(await readProjectSnapshot(f, f.projectId), { exportedAt: '2026-10-11T12:00:00Z' })).not.toContain('skolen');
	});
});
