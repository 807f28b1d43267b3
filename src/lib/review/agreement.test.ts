import { describe, expect, it } from 'vitest';
import { cohensKappa, coders, intercoder, percentAgreement, type Coding } from './agreement';

describe("Cohen's kappa on known tables", () => {
	it('Wikipedia example: 20 both yes, 15 both no, 5 and 10 split → κ = 0.4', () => {
		// Readers A and B on 50 grant proposals: po = 0.7, pe = 0.5.
		const t = { both: 20, onlyA: 5, onlyB: 10, neither: 15 };
		expect(percentAgreement(t)).toBeCloseTo(0.7, 10);
		expect(cohensKappa(t)).toBeCloseTo(0.4, 10);
	});

	it('Wikipedia, same agreement but different marginals: 45/15/25/15 → κ ≈ 0.1304', () => {
		const t = { both: 45, onlyA: 15, onlyB: 25, neither: 15 };
		expect(percentAgreement(t)).toBeCloseTo(0.6, 10);
		expect(cohensKappa(t)).toBeCloseTo(0.1304, 4);
	});

	it('and 25/35/5/35 → κ ≈ 0.2593', () => {
		const t = { both: 25, onlyA: 35, onlyB: 5, neither: 35 };
		expect(percentAgreement(t)).toBeCloseTo(0.6, 10);
		expect(cohensKappa(t)).toBeCloseTo(0.2593, 4);
	});

	it('perfect agreement is 1, systematic disagreement is −1', () => {
		expect(cohensKappa({ both: 7, onlyA: 0, onlyB: 0, neither: 3 })).toBe(1);
		expect(cohensKappa({ both: 0, onlyA: 5, onlyB: 5, neither: 0 })).toBe(-1);
	});

	it('chance-level agreement is 0', () => {
		// Each says yes half the time, independently: po = pe = 0.5.
		expect(cohensKappa({ both: 25, onlyA: 25, onlyB: 25, neither: 25 })).toBeCloseTo(0, 10);
	});

	it('is undefined with no units, or when both always decide the same one way', () => {
		expect(cohensKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 0 })).toBeNull();
		expect(percentAgreement({ both: 0, onlyA: 0, onlyB: 0, neither: 0 })).toBeNull();
		expect(cohensKappa({ both: 4, onlyA: 0, onlyB: 0, neither: 0 })).toBeNull();
		expect(percentAgreement({ both: 4, onlyA: 0, onlyB: 0, neither: 0 })).toBe(1);
	});
});

describe('intercoder', () => {
	const c = (targetId: string, codeId: string, coder: string): Coding => ({ targetId, codeId, coder });

	it('compares only units both coders coded, per code, and lists the disagreements', () => {
		const codings = [
			c('h1', 'school', 'kari'),
			c('h1', 'school', 'ola'),
			c('h2', 'school', 'kari'),
			c('h2', 'family', 'ola'),
			c('h3', 'family', 'kari'),
			c('h3', 'family', 'ola'),
			// Only Kari coded h4: not comparable, left out.
			c('h4', 'school', 'kari'),
			// A third researcher does not count.
			c('h1', 'family', 'per')
		];
		const result = intercoder(codings, 'kari', 'ola', ['family', 'school']);
		expect(result.targetIds).toEqual(['h1', 'h2', 'h3']);
		expect(result.codes.map((x) => x.codeId)).toEqual(['family', 'school']);
		const school = result.codes.find((x) => x.codeId === 'school')!;
		expect(school.table).toEqual({ both: 1, onlyA: 1, onlyB: 0, neither: 1 });
		expect(school.percent).toBeCloseTo(2 / 3, 10);
		// po = 2/3, pA = 2/3, pB = 1/3, pe = 2/9 + 2/9 = 4/9, κ = (6/9 − 4/9)/(5/9) = 0.4
		expect(school.kappa).toBeCloseTo(0.4, 10);
		expect(school.disagreements).toEqual([{ targetId: 'h2', appliedBy: 'kari' }]);
		const family = result.codes.find((x) => x.codeId === 'family')!;
		expect(family.table).toEqual({ both: 1, onlyA: 0, onlyB: 1, neither: 1 });
		expect(family.disagreements).toEqual([{ targetId: 'h2', appliedBy: 'ola' }]);
	});

	it('reproduces a textbook table from unit-level codings', () => {
		const codings: Coding[] = [];
		const add = (n: number, a: boolean, b: boolean, start: number) => {
			for (let i = 0; i < n; i++) {
				const t = `u${start + i}`;
				// Every unit gets a neutral code from both, so both coded every unit.
				codings.push(c(t, 'other', 'a'), c(t, 'other', 'b'));
				if (a) codings.push(c(t, 'x', 'a'));
				if (b) codings.push(c(t, 'x', 'b'));
			}
		};
		add(20, true, true, 0);
		add(5, true, false, 20);
		add(10, false, true, 25);
		add(15, false, false, 35);
		const x = intercoder(codings, 'a', 'b').codes.find((r) => r.codeId === 'x')!;
		expect(x.kappa).toBeCloseTo(0.4, 10);
		expect(x.disagreements).toHaveLength(15);
	});

	it('lists coders, most codings first', () => {
		expect(coders([c('1', 'x', 'b'), c('1', 'x', 'a'), c('2', 'x', 'a')])).toEqual(['a', 'b']);
	});
});
