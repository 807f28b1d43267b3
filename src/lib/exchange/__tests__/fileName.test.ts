import { describe, expect, it } from 'vitest';
import { isWindowsSafeFileName, reportFileName, safeFileStem, UniqueNames } from '../fileName';

describe('names that are file names', () => {
	it('keeps letters of every language and removes what Windows refuses', () => {
		expect(safeFileStem('Samtale på brygga 🌊')).toBe('Samtale på brygga 🌊');
		expect(safeFileStem('Bevis: Møte NAV/skole')).toBe('Bevis - Møte NAV-skole');
		expect(safeFileStem('a<b>c"d\\e|f?g*h')).toBe('a-b-c-d-e-f-g-h');
		expect(safeFileStem('Slutt.  ')).toBe('Slutt');
		expect(safeFileStem('CON')).toBe('_CON');
		expect(safeFileStem('com1.txt')).toBe('_com1.txt');
		expect(safeFileStem('Console')).toBe('Console');
		expect(safeFileStem(':/')).toBe('-');
		expect(safeFileStem('   ')).toBe('feltinnsikt');
		// Cut by code points: an emoji at the limit is never split.
		expect(Array.from(safeFileStem('🌊'.repeat(200), 10))).toHaveLength(10);
		for (const name of ['Bevis: x', 'a/b', 'NUL', 'x.', 'tab\there']) expect(isWindowsSafeFileName(safeFileStem(name)), name).toBe(true);
		expect(isWindowsSafeFileName('a:b')).toBe(false);
		expect(isWindowsSafeFileName('aux.jpg')).toBe(false);
	});

	it('gives out unique names ignoring case, numbered before the extension', () => {
		const names = new UniqueNames();
		const file = (b: string, n: string) => `${b}${n}.jpg`;
		expect(names.next('Økt', file)).toBe('Økt.jpg');
		expect(names.next('økt', file)).toBe('økt (2).jpg');
		names.reserve('Økt (3).jpg');
		expect(names.next('Økt', file)).toBe('Økt (4).jpg');
	});

	it('names a board’s report after the board', () => {
		expect(reportFileName('Ungt utenforskap', 'html')).toBe('ungt-utenforskap.html');
		expect(reportFileName('Ungt utenforskap', 'html', 'Tavle 2')).toBe('ungt-utenforskap-tavle-2.html');
	});
});
