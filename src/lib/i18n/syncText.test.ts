import { describe, expect, it } from 'vitest';
import { syncCounter, syncCounterText } from './syncText';
import { getLocale, overwriteGetLocale } from './generated/runtime';

describe('the header’s sync counter', () => {
	it('a project only on this device says so, however many changes it holds', () => {
		expect(syncCounter({ shared: false, pending: 2500, refused: 0 })).toEqual({ kind: 'localOnly' });
		expect(syncCounter({ shared: false, pending: 0, refused: 3 })).toEqual({ kind: 'localOnly' });
	});

	it('a shared project counts what the server has not got, and is all saved only without refusals', () => {
		expect(syncCounter({ shared: true, pending: 3, refused: 0 })).toEqual({ kind: 'pending', count: 3 });
		expect(syncCounter({ shared: true, pending: 0, refused: 0 })).toEqual({ kind: 'allSaved' });
		// Every change sent, but a recording still only on the tablet: not all on the server.
		expect(syncCounter({ shared: true, pending: 0, files: 1, refused: 0 })).toEqual({ kind: 'files', count: 1 });
		expect(syncCounter({ shared: true, pending: 4, files: 1, refused: 0 })).toEqual({ kind: 'pending', count: 4 });
		expect(syncCounter({ shared: true, pending: 0, refused: 1 })).toEqual({ kind: 'none' });
	});

	it('speaks in the plural forms of each language', () => {
		const original = getLocale;
		overwriteGetLocale(() => 'nb');
		expect(syncCounterText({ kind: 'localOnly' })).toBe('Bare på denne enheten');
		expect(syncCounterText({ kind: 'pending', count: 1 })).toBe('1 endring er ikke sendt til serveren ennå');
		expect(syncCounterText({ kind: 'pending', count: 2 })).toBe('2 endringer er ikke sendt til serveren ennå');
		expect(syncCounterText({ kind: 'files', count: 2 })).toBe('2 vedlegg er ikke sendt til serveren ennå');
		expect(syncCounterText({ kind: 'allSaved' })).toBe('Alt lagret på serveren');
		overwriteGetLocale(() => 'en');
		expect(syncCounterText({ kind: 'localOnly' })).toBe('Only on this device');
		expect(syncCounterText({ kind: 'pending', count: 1 })).toBe('1 change not on the server yet');
		expect(syncCounterText({ kind: 'pending', count: 7 })).toBe('7 changes not on the server yet');
		overwriteGetLocale(original);
	});
});
