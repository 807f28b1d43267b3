import { computeMapGrid, cellKey, type MapGridRow } from '$lib/domain/mapGrid';
import { isHidden } from '$lib/domain/consent';
import type { InnovationArea, Insight } from '$lib/domain/review';
import { presentEvidence, presentationSlides, type PresentedEvidence } from '$lib/domain/presentation';
import { exportLabels, type ExportLabels } from './labels';
import { live, type ProjectSnapshot } from './snapshot';
import { exportable } from './exportable';
import { reportFileName } from './fileName';

/**
 * A readable report for the programme lead: innovation areas → insights →
 * the evidence behind them, then the map with counts. The consent rule is the
 * presentation's own (`presentEvidence`): withdrawn participants' evidence is
 * left out, and a participant code appears only where consent covers quotes
 * in reports. Built once as a model, written as Markdown or printable HTML.
 */
export type ReportScope = { kind: 'project' } | { kind: 'board'; boardId: string };

export interface ReportOptions {
	scope?: ReportScope;
	/** When the report was made (ISO); passed in so the function stays pure. */
	exportedAt: string;
}

/** The report's file name: a board's report carries the board's name, so it does not overwrite the project's report. */
export function reportFileNameOf(s: ProjectSnapshot, scope: ReportScope | undefined, extension: string): string {
	const board = scope?.kind === 'board' ? live(s.rows.boards).find((b) => b.id === scope.boardId) : undefined;
	return reportFileName(s.project.name, extension, board?.name);
}

interface ReportInsight {
	insight: Insight;
	evidence: PresentedEvidence[];
}
interface ReportArea {
	area: InnovationArea;
	regionNames: string[];
	insights: ReportInsight[];
}
interface ReportModel {
	L: ExportLabels;
	title: string;
	exported: string;
	description: string;
	areas: ReportArea[];
	otherInsights: ReportInsight[];
	clusters: { name: string; count: number }[] | null;
	map: { stages: string[]; rows: { name: string; depth: number; counts: number[]; total: number }[] };
}

function reportModel(source: ProjectSnapshot, options: ReportOptions): ReportModel {
	const s = exportable(source);
	const L = exportLabels(s.project.language);
	const scope = options.scope ?? { kind: 'project' };
	const board = scope.kind === 'board' ? live(s.rows.boards).find((b) => b.id === scope.boardId) : undefined;
	if (scope.kind === 'board' && !board) throw new Error(`No board ${scope.boardId} in the project.`);
	// A board's report holds the evidence on that board, and the insights and areas built on it.
	const onBoard = board ? new Set(live(s.rows.clusterMembers).filter((cm) => cm.boardId === board.id).map((cm) => cm.entryId)) : null;
	const inScope = (entryId: string) => !onBoard || onBoard.has(entryId);

	const insights = live(s.rows.insights)
		.map((i) => ({ ...i, evidenceIds: i.evidenceIds.filter(inScope) }))
		.filter((i) => !onBoard || i.evidenceIds.length > 0);
	const insightIds = new Set(insights.map((i) => i.id));
	const areas = live(s.rows.innovationAreas)
		.map((a) => ({ ...a, insightIds: a.insightIds.filter((id) => insightIds.has(id)) }))
		.filter((a) => !onBoard || a.insightIds.length > 0)
		.sort((a, b) => Number(b.mainProject) - Number(a.mainProject) || a.name.localeCompare(b.name));
	const regions = live(s.rows.regions);
	const participants = s.rows.participants;
	const entries = s.rows.entries;

	const slides = presentationSlides({ areas, insights, entries, participants, regionNames: new Map(regions.map((r) => [r.id, r.name])) });
	const model: ReportArea[] = [];
	for (const slide of slides) {
		if (slide.kind === 'area') model.push({ area: slide.area, regionNames: slide.regionNames, insights: [] });
		else if (slide.kind === 'insight') model.at(-1)!.insights.push({ insight: slide.insight, evidence: [] });
		else model.at(-1)!.insights.at(-1)!.evidence.push(slide.evidence);
	}
	const inAreas = new Set(areas.flatMap((a) => a.insightIds));
	const entryById = new Map(entries.map((e) => [e.id, e]));
	const participantById = new Map(participants.map((p) => [p.id, p]));
	const otherInsights = insights
		.filter((i) => !inAreas.has(i.id))
		.map((insight) => ({
			insight,
			evidence: insight.evidenceIds
				.map((id) => entryById.get(id))
				.map((e) => (e ? presentEvidence(e, e.participantId ? participantById.get(e.participantId) : undefined) : null))
				.filter((e): e is PresentedEvidence => !!e)
		}));

	const clusters = board
		? live(s.rows.clusters)
				.filter((c) => c.boardId === board.id)
				.map((c) => ({ name: c.name || L.reportUnnamedCluster, count: live(s.rows.clusterMembers).filter((cm) => cm.clusterId === c.id).length }))
		: null;

	const grid = computeMapGrid({
		regions: s.rows.regions,
		stages: s.rows.lifeStages,
		entries: onBoard ? entries.filter((e) => onBoard.has(e.id)) : entries,
		taggings: s.rows.taggings,
		participants
	});
	const totals = regionTotals(s, grid.rows, onBoard);
	const map = {
		stages: grid.stages.map((st) => st.name),
		rows: grid.rows.map((row) => {
			const cells = grid.stages.map((st) => grid.cells.get(cellKey(row.region.id, st.id)) ?? []);
			return { name: row.region.name, depth: row.depth, counts: cells.map((c) => c.length), total: totals.get(row.region.id) ?? 0 };
		})
	};

	return {
		L,
		title: board ? L.reportTitleBoard(s.project.name, board.name) : L.reportTitleProject(s.project.name),
		exported: L.reportExported(options.exportedAt.slice(0, 10)),
		description: s.project.description,
		areas: model,
		otherInsights,
		clusters,
		map
	};
}

/**
 * Evidence per map row, life stage or not: "Totalt" is what the region holds,
 * so evidence tagged to a region but to no life stage counts there too (the
 * cells only hold evidence with both). A field counts its sub-regions' evidence,
 * each piece once; evidence of a withdrawn participant is left out, as in the cells.
 */
function regionTotals(s: ProjectSnapshot, rows: MapGridRow[], onBoard: Set<string> | null): Map<string, number> {
	const hidden = new Set(s.rows.participants.filter(isHidden).map((p) => p.id));
	const visible = new Set(
		live(s.rows.entries)
			.filter((e) => !(e.participantId && hidden.has(e.participantId)) && (!onBoard || onBoard.has(e.id)))
			.map((e) => e.id)
	);
	const fieldOf = new Map(rows.map((r) => [r.region.id, r.field.id]));
	const entriesOf = new Map<string, Set<string>>();
	const add = (regionId: string, entryId: string) => {
		if (!entriesOf.has(regionId)) entriesOf.set(regionId, new Set());
		entriesOf.get(regionId)!.add(entryId);
	};
	for (const t of live(s.rows.taggings)) {
		if (t.kind !== 'region' || !visible.has(t.targetId) || !fieldOf.has(t.tagId)) continue;
		add(t.tagId, t.targetId);
		add(fieldOf.get(t.tagId)!, t.targetId);
	}
	return new Map([...entriesOf].map(([id, set]) => [id, set.size]));
}

// ——— Markdown ———

/** Text that Markdown must not read as markup (a quote starting with "#", a "*" in a statement). */
function md(text: string): string {
	return text.replace(/([\\`*_[\]#|<>])/g, '\\$1').replace(/\r?\n/g, ' ');
}

function mdEvidence(ev: PresentedEvidence, L: ExportLabels): string {
	const who = ev.participantCode ? ` — ${md(ev.participantCode)}` : '';
	return `> ${md(ev.text)}${who}  \n> *${md(L.kind(ev.kind))}*\n`;
}

function mdInsight(ri: ReportInsight, L: ExportLabels): string {
	const parts = [`#### ${md(ri.insight.statement)}\n`, `*${md(L.reportInsightMeta(ri.insight.confidence, ri.insight.status))}*\n`];
	if (ri.evidence.length === 0) parts.push(`${md(L.reportNoEvidence)}\n`);
	for (const ev of ri.evidence) parts.push(mdEvidence(ev, L));
	return parts.join('\n');
}

export function exportMarkdown(s: ProjectSnapshot, options: ReportOptions): string {
	const r = reportModel(s, options);
	const { L } = r;
	const out: string[] = [`# ${md(r.title)}\n`, `*${md(r.exported)}*\n`];
	if (r.description) out.push(`${md(r.description)}\n`);
	out.push(`${md(L.reportConsentNote)}\n`, `## ${md(L.reportAreas)}\n`);
	if (r.areas.length === 0) out.push(`${md(L.reportNoAreas)}\n`);
	for (const a of r.areas) {
		out.push(`### ${md(a.area.name)}${a.area.mainProject ? ` (${md(L.reportMainProject)})` : ''}\n`);
		const meta = [a.area.portfolio ? L.reportPortfolio(a.area.portfolio) : '', a.regionNames.length ? L.reportRegions(a.regionNames.join(', ')) : ''].filter(Boolean);
		if (meta.length) out.push(`${meta.map(md).join(' · ')}\n`);
		// The loop is written one step per line: Markdown keeps the lines with hard breaks.
		if (a.area.loop) out.push(`${a.area.loop.split(/\r?\n/).map(md).join('  \n')}\n`);
		if (a.insights.length === 0) out.push(`${md(L.reportNoInsights)}\n`);
		for (const ri of a.insights) out.push(mdInsight(ri, L));
	}
	if (r.otherInsights.length) {
		out.push(`## ${md(L.reportOtherInsights)}\n`);
		for (const ri of r.otherInsights) out.push(mdInsight(ri, L));
	}
	if (r.clusters) {
		out.push(`## ${md(L.reportClusters)}\n`);
		out.push(r.clusters.map((c) => `- ${md(L.reportClusterCards(c.name, c.count))}`).join('\n') + '\n');
	}
	out.push(`## ${md(L.reportMap)}\n`, `${md(L.reportMapNote)}\n`);
	out.push(`| ${md(L.reportRegion)} | ${r.map.stages.map(md).join(' | ')} | ${md(L.reportTotal)} |`);
	out.push(`|---|${r.map.stages.map(() => '---:').join('|')}|---:|`);
	for (const row of r.map.rows) {
		const name = row.depth ? `↳ ${md(row.name)}` : `**${md(row.name)}**`;
		out.push(`| ${name} | ${row.counts.join(' | ')} | ${row.total} |`);
	}
	return out.join('\n') + '\n';
}

// ——— HTML ———

function h(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Printed on A4: the page is 210 mm wide (794 CSS px), 180 mm inside the margins.
 * The map table is laid out fixed at 100 % of that, its region column wider and
 * long names wrapped, so it never runs off the page however many life stages
 * there are. Heat shading is printed too (`print-color-adjust`), or a printer
 * drops backgrounds.
 */
const printCss = `@page{size:A4;margin:15mm}
body{font:11pt/1.5 system-ui,sans-serif;color:#111;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}h3{margin-top:1.5rem}h4{margin:1rem 0 .25rem}
.meta{color:#444;font-style:italic}.loop{white-space:pre-line}blockquote{margin:.5rem 0 .5rem 1rem;padding-left:.75rem;border-left:3px solid #888}
blockquote footer{color:#444;font-size:.9em}table.map{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.85em}
table.map col.region{width:30%}th,td{border:1px solid #bbb;padding:.2rem .3rem;overflow-wrap:anywhere;word-wrap:break-word;hyphens:auto}
thead th{font-size:.9em}td.n{text-align:right;-webkit-print-color-adjust:exact;print-color-adjust:exact}tbody th{text-align:left}
tr.sub th{font-weight:normal}
@media print{body{margin:0;max-width:none;padding:0}h2,h3{break-after:avoid}blockquote,tr{break-inside:avoid}}`;

/** A cell's shade: from none to a strong blue at the table's largest count, text still dark enough to read. */
function heat(count: number, max: number): string {
	if (count === 0 || max === 0) return '';
	const alpha = (0.12 + 0.5 * (count / max)).toFixed(2);
	return ` style="background:rgba(37,99,235,${alpha})"`;
}

function htmlInsight(ri: ReportInsight, L: ExportLabels): string {
	const evidence = ri.evidence.length
		? ri.evidence
				.map((ev) => `<blockquote><p>${h(ev.text)}</p><footer>${h(L.kind(ev.kind))}${ev.participantCode ? ` — ${h(ev.participantCode)}` : ''}</footer></blockquote>`)
				.join('')
		: `<p>${h(L.reportNoEvidence)}</p>`;
	return `<section class="insight"><h4>${h(ri.insight.statement)}</h4><p class="meta">${h(L.reportInsightMeta(ri.insight.confidence, ri.insight.status))}</p>${evidence}</section>`;
}

export function exportHtml(s: ProjectSnapshot, options: ReportOptions): string {
	const r = reportModel(s, options);
	const { L } = r;
	const body: string[] = [`<h1>${h(r.title)}</h1>`, `<p class="meta">${h(r.exported)}</p>`];
	if (r.description) body.push(`<p>${h(r.description)}</p>`);
	body.push(`<p class="meta">${h(L.reportConsentNote)}</p>`, `<h2>${h(L.reportAreas)}</h2>`);
	if (r.areas.length === 0) body.push(`<p>${h(L.reportNoAreas)}</p>`);
	for (const a of r.areas) {
		body.push(`<section class="area"><h3>${h(a.area.name)}${a.area.mainProject ? ` <small>(${h(L.reportMainProject)})</small>` : ''}</h3>`);
		const meta = [a.area.portfolio ? L.reportPortfolio(a.area.portfolio) : '', a.regionNames.length ? L.reportRegions(a.regionNames.join(', ')) : ''].filter(Boolean);
		if (meta.length) body.push(`<p class="meta">${h(meta.join(' · '))}</p>`);
		if (a.area.loop) body.push(`<p class="loop">${h(a.area.loop)}</p>`);
		if (a.insights.length === 0) body.push(`<p>${h(L.reportNoInsights)}</p>`);
		for (const ri of a.insights) body.push(htmlInsight(ri, L));
		body.push('</section>');
	}
	if (r.otherInsights.length) body.push(`<h2>${h(L.reportOtherInsights)}</h2>`, ...r.otherInsights.map((ri) => htmlInsight(ri, L)));
	if (r.clusters) body.push(`<h2>${h(L.reportClusters)}</h2><ul>${r.clusters.map((c) => `<li>${h(L.reportClusterCards(c.name, c.count))}</li>`).join('')}</ul>`);
	body.push(`<h2>${h(L.reportMap)}</h2><p class="meta">${h(L.reportMapNote)}</p>`);
	const head = `<tr><th scope="col">${h(L.reportRegion)}</th>${r.map.stages.map((st) => `<th scope="col">${h(st)}</th>`).join('')}<th scope="col">${h(L.reportTotal)}</th></tr>`;
	const max = Math.max(0, ...r.map.rows.flatMap((row) => row.counts));
	const rows = r.map.rows
		.map(
			(row) =>
				// Indented by depth in the cell itself, so the indent survives a copy into a word processor.
				`<tr${row.depth ? ' class="sub"' : ''}><th scope="row" style="padding-left:${(0.3 + row.depth * 1.2).toFixed(1)}rem">${h(row.name)}</th>${row.counts
					.map((n) => `<td class="n"${heat(n, max)}>${n}</td>`)
					.join('')}<td class="n">${row.total}</td></tr>`
		)
		.join('');
	const cols = `<colgroup><col class="region">${r.map.stages.map(() => '<col>').join('')}<col></colgroup>`;
	body.push(`<table class="map">${cols}<thead>${head}</thead><tbody>${rows}</tbody></table>`);
	return `<!doctype html>\n<html lang="${s.project.language}"><head><meta charset="utf-8"><title>${h(r.title)}</title><style>${printCss}</style></head><body>${body.join('\n')}</body></html>\n`;
}
