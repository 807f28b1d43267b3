import { describe, expect, it } from 'vitest';
import { ClockDriftError, HybridClock, MAX_DRIFT_MS, parseHlc } from './hlc';

describe('hybrid logical clock', () => {
	it('stamps strictly increase even when the wall clock stands still or goes back', () => {
		let wall = 1_700_000_000_000;
		const clock = new HybridClock('node-a', () => wall);
		const a = clock.tick();
		const b = clock.tick();
		wall -= 60_000; // the tablet's clock is corrected backwards
		const c = clock.tick();
		expect(a < b && b < c).toBe(true);
		expect(parseHlc(c).millis).toBe(1_700_000_000_000);
	});

	it('orders after a received remote stamp', () => {
		const a = new HybridClock('node-a', () => 1000);
		const b = new HybridClock('node-b', () => 5000);
		const remote = b.tick();
		a.receive(remote);
		expect(a.tick() > remote).toBe(true);
	});

	it('refuses a remote stamp too far in the future', () => {
		const a = new HybridClock('node-a', () => 1000);
		const future = new HybridClock('node-f', () => 1000 + MAX_DRIFT_MS + 1).tick();
		expect(() => a.receive(future)).toThrow(ClockDriftError);
	});

	it('resumes from a saved stamp so a restarted tablet never reuses one', () => {
		const first = new HybridClock('node-a', () => 2000);
		first.tick();
		const saved = first.tick();
		const restarted = new HybridClock('node-a', () => 1500, saved);
		expect(restarted.tick() > saved).toBe(true);
	});

	it('ties on time and counter are broken by node id', () => {
		const a = new HybridClock('node-a', () => 1000).tick();
		const b = new HybridClock('node-b', () => 1000).tick();
		expect(a < b).toBe(true);
	});
});
