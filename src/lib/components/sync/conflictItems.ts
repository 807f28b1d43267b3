import type { FieldworkDb, HistoryRecord, SyncedTableName } from '$lib/data/db';
import { parseHlc } from '$lib/sync/hlc';
import { evidenceHref } from '$lib/review/queries';
import { changeWhat } from './changeWords';
import { openConflicts } from './openConflicts';

export { openConflictCount, openConflicts } from './openConflicts';

/**
 * Turns the device's conflict records into what a researcher reads: which item, which
 * field in the field's words, both versions in full, who wrote each and when, and which
 * of the two is mine. Pure (the rows and names are passed in), so every rule is testable
 * without a screen.
 */

type Row = Record<string, unknown>;

/** One version of a conflicted field. `who` is a user id, or null when the record does not say. */
export interface ConflictVersion {
	text: string;
	who: string | null;
	/** Wall time of the write (from its stamp), as an ISO string; null when the stamp cannot be read. */
	at: string | null;
	mine: boolean;
}

export interface ConflictItem {
	id: number;
	/** `valueLost` is a record from an older version that does not say whose value lost. */
	kind: 'mineLost' | 'theirsLost' | 'restoredAfterDelete' | 'valueLost';
	table: SyncedTableName;
	rowId: string;
	field: string;
	/** "Tekst på bevis". */
	what: string;
	/** What the item is called: the first words of evidence, a participant code, a session title. */
	subject: string;
	/** Where one tap opens the item, or null when it has no screen of its own (or is gone). */
	href: string | null;
	/** The value the row holds now (the winner). */
	current: ConflictVersion;
	/** The value that lost (for `restoredAfterDelete`: the deletion, with its author). */
	lost: ConflictVersion;
	/** The row is deleted now (nothing to keep a value on). */
	gone: boolean;
	/** The losing value as stored, to write again when it is kept. */
	lostValue: unknown;
}

/** What a choice does: write a value again through the repository, delete the row, or only mark the record dealt with. */
export type ConflictChoice = 'keepMine' | 'keepTheirs' | 'dismiss' | 'deleteAnyway' | 'ok';

export type ConflictAction = { write: { table: SyncedTableName; rowId: string; field: string; value: unknown } | null; remove: boolean };

const subjectWords = 10;

/** The first words of a text, marked as shortened when it is: a label, never a version. */
export function firstWords(text: string, words = subjectWords): string {
	const all = text.trim().split(/\s+/).filter(Boolean);
	return all.length > words ? `${all.slice(0, words).join(' ')} …` : all.join(' ');
}

/** A value in full, as a person reads it (a list as a list, empty as empty). */
export function valueText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
	return JSON.stringify(value, null, 2);
}

/** The wall time a stamp was written at. */
export function stampTime(stamp: string | undefined): string | null {
	if (!stamp) return null;
	try {
		const { millis } = parseHlc(stamp);
		return millis > 0 ? new Date(millis).toISOString() : null;
	} catch {
		return null;
	}
}

/** The text a row is known by, in full: evidence text, participant code, session title, a name. */
export function mainTextOf(table: SyncedTableName, row: Row | undefined): string {
	if (!row) return '';
	const pick = (f: string) => (typeof row[f] === 'string' ? (row[f] as string) : '');
	switch (table) {
		case 'participants':
			return pick('code');
		case 'entries':
		case 'highlights':
		case 'comments':
			return pick('text');
		default:
			return pick('title') || pick('name') || pick('statement') || pick('text');
	}
}

/** What a row is called, shortened to a label. */
export function subjectOf(table: SyncedTableName, row: Row | undefined): string {
	return firstWords(mainTextOf(table, row));
}

/** Where the item opens. */
export function hrefOf(table: SyncedTableName, rowId: string, row: Row | undefined): string | null {
	const id = encodeURIComponent(rowId);
	const str = (f: string) => (row && typeof row[f] === 'string' ? (row[f] as string) : null);
	switch (table) {
		case 'entries':
			return evidenceHref({ sessionId: str('sessionId'), highlightId: str('highlightId') }) ?? '/library';
		case 'participants':
			return '/participants';
		case 'sessions':
			return `/sessions/${id}`;
		case 'notes':
			return str('sessionId') ? `/sessions/${encodeURIComponent(str('sessionId')!)}` : null;
		case 'highlights':
			return str('sessionId') ? `/sessions/${encodeURIComponent(str('sessionId')!)}#highlight-${id}` : null;
		case 'codes':
			return '/codebook';
		case 'regions':
		case 'lifeStages':
			return '/map';
		case 'boards':
			return `/review/boards/${id}`;
		case 'clusters':
			return str('boardId') ? `/review/boards/${encodeURIComponent(str('boardId')!)}` : null;
		case 'insights':
			return '/review/insights';
		case 'innovationAreas':
			return '/review/areas';
		default:
			return null;
	}
}

const rowKey = (table: string, rowId: string) => `${table}/${rowId}`;

/**
 * The display items, newest first. `rows` holds the current rows by `table/rowId`;
 * `self` is this device's user. For `mineLost` the losing value is mine and the winner
 * is `by`; for `theirsLost` the row's value is mine and the loser's author is not recorded.
 */
export function conflictItems(records: HistoryRecord[], rows: Map<string, Row>, self: string): ConflictItem[] {
	return openConflicts(records)
		.slice()
		.sort((a, b) => (b.id ?? 0) - (a.id ?? 0))
		.map((r): ConflictItem => {
			const row = rows.get(rowKey(r.table, r.rowId));
			const kind: ConflictItem['kind'] = r.kind ?? 'valueLost';
			const gone = !row || Boolean(row.deleted);
			const base = {
				id: r.id ?? 0,
				kind,
				table: r.table,
				rowId: r.rowId,
				field: r.field,
				subject: subjectOf(r.table, row),
				href: gone ? null : hrefOf(r.table, r.rowId, row),
				gone,
				lostValue: r.value
			};
			if (kind === 'restoredAfterDelete') {
				// The row came back with my edit: the "current" version is the item as it stands, the lost one the deletion.
				return {
					...base,
					what: changeWhat({ table: r.table, field: '$row' }),
					current: { text: mainTextOf(r.table, row), who: self, at: stampTime(r.hlc), mine: true },
					lost: { text: '', who: r.by ?? null, at: stampTime(r.supersededBy), mine: r.by === self }
				};
			}
			const current: ConflictVersion = {
				text: valueText(row?.[r.field]),
				who: kind === 'mineLost' ? (r.by ?? null) : kind === 'theirsLost' ? self : null,
				at: stampTime(r.supersededBy),
				mine: kind === 'theirsLost'
			};
			// `by` is the colleague in both kinds: who won over mine, or whose value lost to mine.
			const lost: ConflictVersion = { text: valueText(r.value), who: kind === 'mineLost' ? self : kind === 'theirsLost' ? (r.by ?? null) : null, at: stampTime(r.hlc), mine: kind === 'mineLost' };
			return { ...base, what: changeWhat({ table: r.table, field: r.field }), current, lost };
		});
}

/**
 * What a choice writes. Keeping the version that lost is a new edit of that value (it
 * syncs and, being newer, wins everywhere); keeping the one that stands writes nothing.
 */
export function actionFor(item: ConflictItem, choice: ConflictChoice): ConflictAction {
	const writeLost = { table: item.table, rowId: item.rowId, field: item.field, value: item.lostValue };
	if (choice === 'deleteAnyway') return { write: null, remove: !item.gone };
	if (item.gone || choice === 'dismiss' || choice === 'ok') return { write: null, remove: false };
	if (choice === 'keepMine') return { write: item.lost.mine ? writeLost : null, remove: false };
	return { write: item.lost.mine ? null : writeLost, remove: false };
}

/** The open conflict records of a project and the rows they are about. */
export async function loadConflicts(db: FieldworkDb, projectId: string): Promise<{ records: HistoryRecord[]; rows: Map<string, Row> }> {
	const records = openConflicts(await db.history.where('projectId').equals(projectId).toArray());
	const rows = new Map<string, Row>();
	const byTable = new Map<SyncedTableName, Set<string>>();
	for (const r of records) {
		if (!byTable.has(r.table)) byTable.set(r.table, new Set());
		byTable.get(r.table)!.add(r.rowId);
	}
	for (const [table, ids] of byTable) {
		const list = [...ids];
		const found = (await db.table(table).bulkGet(list)) as (Row | undefined)[];
		list.forEach((id, i) => {
			if (found[i]) rows.set(rowKey(table, id), found[i]!);
		});
	}
	return { records, rows };
}
