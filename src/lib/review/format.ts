import { getLocale } from '$lib/i18n/generated/runtime';

/** A moment as a short date and time in the user's language. */
export function formatWhen(iso: string | null | undefined): string {
	if (!iso) return '';
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return '';
	return new Intl.DateTimeFormat(getLocale() === 'nb' ? 'nb-NO' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A share (0–1) as a whole percent, or a dash. */
export function formatPercent(share: number | null): string {
	if (share === null) return '–';
	return new Intl.NumberFormat(getLocale() === 'nb' ? 'nb-NO' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** Kappa with two decimals in the user's language. */
export function formatKappa(kappa: number): string {
	return new Intl.NumberFormat(getLocale() === 'nb' ? 'nb-NO' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(kappa);
}
