/**
 * Retention: a project keeps what it learnt about young people only as long as its
 * purpose needs. The owner sets when the fieldwork ends and how many months the data is
 * kept after that; from the warning date the app tells the owner every time they open
 * the project, and once the date has passed it asks them to purge (erase every
 * participant's content, see `erasure.ts`) or to extend with a reason of their own.
 * Dates are calendar days (ISO `yyyy-mm-dd`), counted in the device's calendar.
 */

/** How many days before the retention date the owner is warned. */
export const RETENTION_WARNING_DAYS = 30;

export type RetentionState =
	/** No end date or no period set: nothing to warn about (the project page asks for them). */
	| { kind: 'unset' }
	| { kind: 'running'; until: string; daysLeft: number }
	| { kind: 'warning'; until: string; daysLeft: number }
	| { kind: 'expired'; until: string; daysOver: number };

const DAY_MS = 86_400_000;

function parseDay(iso: string): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!m) return null;
	const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	const d = new Date(t);
	// 2026-02-30 is not a day.
	return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? t : null;
}

const formatDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * `iso` plus `months` calendar months; a day the target month lacks becomes its last
 * day (31 January + 1 month = 28 or 29 February), as people count months.
 */
export function addMonths(iso: string, months: number): string | null {
	const t = parseDay(iso);
	if (t === null || !Number.isInteger(months)) return null;
	const d = new Date(t);
	const y = d.getUTCFullYear();
	const m = d.getUTCMonth() + months;
	const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
	return formatDay(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay)));
}

/** The last day the data may be kept: the end date plus the retention period. */
export function retentionDate(project: { endDate?: string | null; retentionMonths?: number | null }): string | null {
	if (!project.endDate || project.retentionMonths === null || project.retentionMonths === undefined) return null;
	return addMonths(project.endDate, project.retentionMonths);
}

/** Where the project stands on `today` (ISO day). The retention date itself is the last day kept. */
export function retentionState(project: { endDate?: string | null; retentionMonths?: number | null }, today: string): RetentionState {
	const until = retentionDate(project);
	const now = parseDay(today);
	if (!until || now === null) return { kind: 'unset' };
	const days = Math.round((parseDay(until)! - now) / DAY_MS);
	if (days < 0) return { kind: 'expired', until, daysOver: -days };
	if (days <= RETENTION_WARNING_DAYS) return { kind: 'warning', until, daysLeft: days };
	return { kind: 'running', until, daysLeft: days };
}

/**
 * The retention period after extending it by `months` so the data is kept at least that
 * long from `today` (an extension of an expired project counts from today, not from the
 * date that already passed).
 */
export function extendedRetentionMonths(project: { endDate: string; retentionMonths: number }, months: number, today: string): number {
	let total = project.retentionMonths + months;
	const wanted = addMonths(today, months);
	while (wanted && (addMonths(project.endDate, total) ?? '') < wanted) total++;
	return total;
}
