import { evidenceView, tagsOf } from './evidence';
import type { ProjectSnapshot } from './snapshot';
import { exportable } from './exportable';
import { exportLabels } from './labels';
import { peopleNamer, projectUserIds } from './people';
import { projectCodebook } from './projectCodes';

/**
 * Entries with their tags, one row per entry, as RFC 4180 CSV: CRLF between
 * records, every field quoted when it holds a comma, quote or line break,
 * quotes doubled. Column names are stable identifiers rather than translated
 * words, so a script or a spreadsheet formula that reads them keeps working
 * whichever language the project or the screen is in. Several tags in one
 * cell are separated by "; " (the cell is quoted when `;` separates cells).
 */
export const csvColumns = [
	'id',
	'kind',
	'text',
	'session',
	'sessionDate',
	'participant',
	'regions',
	'lifeStages',
	'codes',
	'reviewStatus',
	'source',
	'surprise',
	'whyUnknown',
	'nextQuestion',
	'createdAt',
	'createdBy'
] as const;

export interface CsvOptions {
	/** A UTF-8 byte order mark first: Excel on Windows then reads æøå correctly. */
	bom?: boolean;
	/**
	 * `;` for Excel with Norwegian (and most European) settings, where `,` is the
	 * decimal mark and Excel splits a file on `;` – with a comma it puts every row in one cell.
	 */
	separator?: ',' | ';';
	/** A person's name for `createdBy`; by default the snapshot's users, else "Forsker 1" … (never an id). */
	userName?: (userId: string) => string;
}

/** The "Norsk Excel" choice of the export panel: `;` between cells and a BOM. */
export const norwegianExcel: CsvOptions = { separator: ';', bom: true };

/**
 * OWASP's rule against CSV injection: a cell a spreadsheet would read as a formula
 * (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a single quote
 * in front. Excel and LibreOffice then show the text as written, quote hidden in
 * the cell (visible only when editing it), so "-Nei, sa hun" and "+47 prosent"
 * still read as what the participant said, and `=HYPERLINK(…)` is never run.
 */
export function neutraliseFormula(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string, separator: ',' | ';' = ','): string {
	const safe = neutraliseFormula(value);
	return /["\r\n]/.test(safe) || safe.includes(separator) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function exportCsv(source: ProjectSnapshot, options: CsvOptions = {}): string {
	const s = exportable(source);
	const view = evidenceView(s);
	const L = exportLabels(s.project.language);
	const separator = options.separator ?? ',';
	const userName = options.userName ?? peopleNamer(s.users, projectUserIds(s), L);
	// Regions by the same unique name as in the .qdpx ("Hemmere › Strukturer" where "Strukturer" repeats).
	const book = projectCodebook(s, view, L);
	const lines = [csvColumns.join(separator)];
	for (const e of view.entries) {
		const tags = tagsOf(view, e);
		const session = e.sessionId ? view.sessions.get(e.sessionId) : undefined;
		const participant = e.participantId ? view.participants.get(e.participantId) : undefined;
		const row: Record<(typeof csvColumns)[number], string> = {
			id: e.id,
			kind: e.kind,
			text: e.text,
			session: session?.title ?? '',
			sessionDate: session?.date ?? '',
			participant: participant?.code ?? '',
			regions: tags.regions.map((r) => book.nameOf('region', r.id) ?? r.name).join('; '),
			lifeStages: tags.lifeStages.map((x) => book.nameOf('lifeStage', x.id) ?? x.name).join('; '),
			codes: tags.codes.map((c) => book.nameOf('code', c.id) ?? c.name).join('; '),
			reviewStatus: e.reviewStatus,
			source: e.source,
			surprise: e.unknown?.surprise ?? '',
			whyUnknown: e.unknown?.whyUnknown ?? '',
			nextQuestion: e.unknown?.nextQuestion ?? '',
			createdAt: e.createdAt,
			createdBy: userName(e.createdBy)
		};
		lines.push(csvColumns.map((c) => csvField(row[c], separator)).join(separator));
	}
	return (options.bom ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}
