import { describe, expect, it } from 'vitest';
import { loopLegs, loopStops } from './areaLoop';

const rows = new Map([
	['health', 100],
	['school', 140],
	['nav', 180]
]);

describe('an innovation area drawn as a loop on the map', () => {
	it('visits the regions in the area’s order, not the map’s, and skips regions no longer on the map', () => {
		const stops = loopStops(['nav', 'gone', 'health', 'nav'], (id) => rows.get(id), 200);
		expect(stops.map((s) => s.regionId)).toEqual(['nav', 'health']);
		expect(stops.map((s) => s.y)).toEqual([180, 100]);
	});

	it('closes: every region is left once and entered once, the last leg returning to the first', () => {
		const legs = loopLegs(loopStops(['health', 'school', 'nav'], (id) => rows.get(id), 200));
		expect(legs.map((l) => [l.from, l.to])).toEqual([
			['health', 'school'],
			['school', 'nav'],
			['nav', 'health']
		]);
		expect(legs[0].d).toMatch(/^M 200 100 Q \d+(\.\d+)? 120 200 140$/);
	});

	it('bulges the way back further than the way out, so the legs do not lie on top of each other', () => {
		const [out, back] = loopLegs(loopStops(['health', 'nav'], (id) => rows.get(id), 200));
		const controlX = (d: string) => Number(d.split(' ')[4]);
		expect(controlX(back.d)).toBeGreaterThan(controlX(out.d));
	});

	it('a single region loops onto itself; no regions draw nothing', () => {
		expect(loopLegs(loopStops(['school'], (id) => rows.get(id), 200))).toHaveLength(1);
		expect(loopLegs([])).toEqual([]);
	});
});
