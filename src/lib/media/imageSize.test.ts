import { describe, expect, it } from 'vitest';
import { fitWithin } from './imageSize';

describe('fitWithin', () => {
	it('scales the long side down to 1600 px, keeping the aspect ratio', () => {
		expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200, scaled: true });
		expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600, scaled: true });
		expect(fitWithin(4000, 4000)).toEqual({ width: 1600, height: 1600, scaled: true });
		expect(fitWithin(10_000, 3)).toEqual({ width: 1600, height: 1, scaled: true });
	});

	it('never enlarges a small image', () => {
		expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600, scaled: false });
		expect(fitWithin(1600, 900)).toEqual({ width: 1600, height: 900, scaled: false });
	});

	it('takes another limit and refuses an empty image', () => {
		expect(fitWithin(1000, 500, 100)).toEqual({ width: 100, height: 50, scaled: true });
		expect(() => fitWithin(0, 10)).toThrow(RangeError);
	});
});
