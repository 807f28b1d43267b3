import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { exportHtml, exportMarkdown, reportFileNameOf } from '../report';
import { demoWithTrickyNote } from './fixtures';

const at = { exportedAt: '2026-10-11T12:00:00Z' };

/** The map table's rows as [region cell, count cells…]. */
function mapRows(html: string): { head: string; cells: string[] }[] {
	const table = html.slice(html.indexOf('<table class="map">'));
	return [...table.matchAll(/<tr[^>]*><th scope="row"([^>]*)>([^<]*)<\/th>(.*?)<\/tr>/g)].map((m) => ({ head: `${m[1]}|${m[2]}`, cells: [...m[3].matchAll(/<td[^>]*>\d+<\/td>/g)].map((c) => c[0]) }));
}

describe('report for print and for boards', () => {
	it('lays the map out for A4, indents sub-regions, shades cells by count and keeps the loop’s lines', async () => {
		const f = await demoWithTrickyNote();
		const html = exportHtml(await readProjectSnapshot(f, f.projectId), at);
		expect(html).toContain('@page{size:A4');
		expect(html).toMatch(/table\.map\{[^}]*table-layout:fixed/);
		expect(html).toContain('overflow-wrap:anywhere');
		const rows = mapRows(html);
		const field = rows.find((r) => r.head.endsWith('|Hemmere'))!;
		const sub = rows.find((r) => r.head.includes('padding-left:1.5rem'))!;
		expect(field.head).toContain('padding-left:0.3rem');
		expect(sub).toBeDefined();
		// Shaded where there is evidence, plain where there is none.
		const cells = rows.flatMap((r) => r.cells.slice(0, -1));
		expect(cells.some((c) => /background:rgba\(37,99,235,0\.\d\d\)">[1-9]/.test(c))).toBe(true);
		expect(cells.filter((c) => c.endsWith('>0</td>')).every((c) => !c.includes('background'))).toBe(true);

		// An area whose loop is written over lines.
		await f.repos.innovationAreas.create(f.projectId, { name: 'Sløyfe', loop: 'Ingen spør\n→ ungdom trekker seg unna\n→ ingen ser' });
		const snap = await readProjectSnapshot(f, f.projectId);
		const again = exportHtml(snap, at);
		expect(again).toContain('.loop{white-space:pre-line}');
		expect(again).toContain('<p class="loop">Ingen spør\n→ ungdom trekker seg unna\n→ ingen ser</p>');
		expect(exportMarkdown(snap, at)).toContain('Ingen spør  \n→ ungdom trekker seg unna  \n→ ingen ser');
		f.db.close();
	});

	it('counts evidence without a life stage in "Totalt"', async () => {
		const f = await demoWithTrickyNote();
		const regions = await f.repos.regions.listByProject(f.projectId);
		const hemmere = regions.find((r) => r.name === 'Hemmere')!;
		const totalOf = async () => {
			const html = exportHtml(await readProjectSnapshot(f, f.projectId), at);
			const row = mapRows(html).find((r) => r.head.endsWith('|Hemmere'))!;
			return Number(/>(\d+)<\/td>$/.exec(row.cells.at(-1)!)![1]);
		};
		const before = await totalOf();
		const entry = await f.repos.entries.create(f.projectId, { kind: 'observation', text: 'Ingen livsfase her' });
		await f.repos.taggings.tag(f.projectId, entry.id, 'region', hemmere.id);
		expect(await totalOf()).toBe(before + 1);
		f.db.close();
	});

	it('names a board’s report after the board, not only the project', async () => {
		const f = await demoWithTrickyNote();
		const board = await f.repos.boards.create(f.projectId, { name: 'Workshop 2: Skole' });
		const snap = await readProjectSnapshot(f, f.projectId);
		const project = reportFileNameOf(snap, { kind: 'project' }, 'html');
		const onBoard = reportFileNameOf(snap, { kind: 'board', boardId: board.id }, 'html');
		expect(onBoard).not.toBe(project);
		expect(onBoard).toContain('workshop-2-skole');
		expect(onBoard.startsWith(project.replace(/\.html$/, ''))).toBe(true);
		f.db.close();
	});
});
