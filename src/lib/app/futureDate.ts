/** Today on this device's calendar (not UTC: just after midnight in Oslo it is already tomorrow). */
export function localIsoDate(now: Date = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whether a date (YYYY-MM-DD) lies after today: a session or consent dated ahead is usually a typo. */
export function isFutureDate(date: string, now: Date = new Date()): boolean {
	return /^\d{4}-\d{2}-\d{2}$/.test(date) && date > localIsoDate(now);
}

/**
 * A form's "are you sure" for a date ahead of today: the first save with such a date stops
 * (`asked` becomes that date, and the form says so); saving again with it goes ahead. A
 * changed date is asked about afresh.
 */
export function futureDateNeedsConfirming(date: string, asked: string | null, now: Date = new Date()): boolean {
	return isFutureDate(date, now) && asked !== date;
}
