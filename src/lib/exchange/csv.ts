import { evidenceView, tagsOf } from './evidence';
import type { ProjectSnapshot } from './snapshot';
import { exportable } from './exportable';

/**
 * Entries with their tags, one row per entry, as RFC 4180 CSV: CRLF between
 * records, every field quoted when it holds a comma, quote or line break,
 * quotes doubled. Column names are stable identifiers rather than translated
 * words, so a script or a spreadsheet formula that reads them keeps working
 * whichever language the project or the screen is in. Several tags in one
 * cell are separated by "; ".
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
	/** A person's name for `createdBy`; by default the snapshot's users, else the id itself. */
	userName?: (userId: string) => string;
}

export function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function exportCsv(source: ProjectSnapshot, options: CsvOptions = {}): string {
	const s = exportable(source);
	const view = evidenceView(s);
	const names = new Map(s.users.map((u) => [u.id, u.name]));
	const userName = options.userName ?? ((id: string) => names.get(id) || id);
	const lines = [csvColumns.join(',')];
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
			regions: tags.regions.map((r) => r.name).join('; '),
			lifeStages: tags.lifeStages.map((x) => x.name).join('; '),
			codes: tags.codes.map((c) => c.name).join('; '),
			reviewStatus: e.reviewStatus,
			source: e.source,
			surprise: e.unknown?.surprise ?? '',
			whyUnknown: e.unknown?.whyUnknown ?? '',
			nextQuestion: e.unknown?.nextQuestion ?? '',
			createdAt: e.createdAt,
			createdBy: userName(e.createdBy)
		};
		lines.push(csvColumns.map((c) => csvField(row[c])).join(','));
	}
	return (options.bom ? '\ufeff' : '') + lines.join('\r\n') + '\r\n';
}
