import { getLocale } from './generated/runtime';

const units = ['B', 'kB', 'MB', 'GB', 'TB'];

/** "1,2 MB" in bokmål, "1.2 MB" in English. */
export function formatBytes(bytes: number): string {
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	const digits = unit === 0 ? 0 : 1;
	return `${new Intl.NumberFormat(getLocale() === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
