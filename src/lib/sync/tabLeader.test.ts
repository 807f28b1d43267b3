import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LEASE_RENEW_MS, LEASE_SETTLE_MS, LEASE_TTL_MS, electLeader, leaseKey, leaseLeadership, type LeaseStorage } from './tabLeader';

/** One localStorage shared by every tab of the site. */
function sharedStorage(): LeaseStorage & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return {
		items,
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
		removeItem: (key) => void items.delete(key)
	};
}

interface Tab {
	id: string;
	leading: boolean;
	leads: number;
	losses: number;
	release: () => void;
	/** Stops the tab's timers without giving anything back, as a crash or a frozen tab does. */
	freeze: () => void;
	thaw: () => void;
}

function openTab(id: string, storage: LeaseStorage): Tab {
	let frozen = false;
	const missed: (() => void)[] = [];
	const tab: Tab = {
		id,
		leading: false,
		leads: 0,
		losses: 0,
		release: () => {},
		freeze: () => (frozen = true),
		thaw: () => {
			frozen = false;
			// A throttled tab's timer fires late, all at once.
			for (const task of missed.splice(0)) task();
		}
	};
	tab.release = leaseLeadership(
		'sync',
		{
			lead: () => {
				tab.leading = true;
				tab.leads++;
			},
			lose: () => {
				tab.leading = false;
				tab.losses++;
			}
		},
		{
			storage,
			tabId: id,
			schedule: (task, ms) => {
				const timer = setTimeout(() => (frozen ? missed.push(task) : task()), ms);
				return () => clearTimeout(timer);
			}
		}
	);
	return tab;
}

beforeEach(() => {
	vi.useFakeTimers();
	vi.setSystemTime(new Date('2026-05-04T08:00:00Z'));
});
afterEach(() => {
	vi.useRealTimers();
});

describe('the localStorage lease (no Web Locks)', () => {
	it('makes a lone tab the leader once its claim has stood', () => {
		const storage = sharedStorage();
		const a = openTab('a', storage);
		expect(a.leading).toBe(false);
		vi.advanceTimersByTime(LEASE_SETTLE_MS);
		expect(a.leading).toBe(true);
		expect(JSON.parse(storage.items.get(leaseKey('sync'))!)).toMatchObject({ owner: 'a' });
		a.release();
	});

	it('lets only one of two tabs lead, and keeps it there while it renews', () => {
		const storage = sharedStorage();
		const a = openTab('a', storage);
		const b = openTab('b', storage);
		vi.advanceTimersByTime(LEASE_TTL_MS * 5);
		expect([a.leading, b.leading].filter(Boolean)).toHaveLength(1);
		expect(a.leads + b.leads).toBe(1);
		a.release();
		b.release();
	});

	it('gives two tabs that claim an expired lease at the same moment one leader', () => {
		const storage = sharedStorage();
		const a = openTab('a', storage);
		// b looks before a's claim has reached it (another process's write), so both claim: the later stands.
		let raced = false;
		const late: LeaseStorage = {
			...storage,
			getItem: (key) => {
				if (raced) return storage.getItem(key);
				raced = true;
				return null;
			}
		};
		const b = openTab('b', late);
		vi.advanceTimersByTime(LEASE_SETTLE_MS);
		expect(a.leading).toBe(false);
		expect(b.leading).toBe(true);
		a.release();
		b.release();
	});

	it('hands over at once when the leader gives the lease back', () => {
		const storage = sharedStorage();
		const a = openTab('a', storage);
		vi.advanceTimersByTime(LEASE_SETTLE_MS);
		const b = openTab('b', storage);
		vi.advanceTimersByTime(LEASE_SETTLE_MS);
		expect(b.leading).toBe(false);
		a.release();
		expect(storage.items.has(leaseKey('sync'))).toBe(false);
		vi.advanceTimersByTime(LEASE_RENEW_MS + LEASE_SETTLE_MS);
		expect(b.leading).toBe(true);
		b.release();
	});

	it('takes over from a leader that crashed, once its lease has run out', () => {
		const storage = sharedStorage();
		const a = openTab('a', storage);
		vi.advanceTimersByTime(LEASE_SETTLE_MS);
		const b = openTab('b', storage);
		a.freeze();
		vi.advanceTimersByTime(LEASE_TTL_MS - LEASE_RENEW_MS);
		expect(b.leading).toBe(false);
		vi.advanceTimersByTime(LEASE_RENEW_MS * 2 + LEASE_SETTLE_MS);
		expect(b.leading).toBe(true);
		b.release();
	});

	it('makes a throttled leader step down when it wakes to find the lease taken', () => {
		const storage = sharedStorage();
		const a = openTab('a', storage);
		vi.advanceTimersByTime(LEASE_SETTLE_MS);
		const b = openTab('b', storage);
		a.freeze();
		vi.advanceTimersByTime(LEASE_TTL_MS + LEASE_RENEW_MS * 2);
		expect(b.leading).toBe(true);
		a.thaw();
		expect(a.leading).toBe(false);
		expect(a.losses).toBe(1);
		// And it does not fight back while b renews.
		vi.advanceTimersByTime(LEASE_TTL_MS * 3);
		expect(a.leading).toBe(false);
		expect(b.leading).toBe(true);
		a.release();
		b.release();
	});

	it('never leads where storage refuses the claim', () => {
		const refusing: LeaseStorage = {
			getItem: () => null,
			setItem: () => {
				throw new Error('QuotaExceededError');
			},
			removeItem: () => {}
		};
		const a = openTab('a', refusing);
		vi.advanceTimersByTime(LEASE_TTL_MS);
		expect(a.leading).toBe(false);
		a.release();
	});
});

describe('electLeader', () => {
	it('uses Web Locks where the browser has them, and holds the lock until given back', async () => {
		let held: Promise<unknown> | undefined;
		const locks = {
			request: vi.fn((_name: string, callback: () => Promise<unknown> | undefined) => {
				held = Promise.resolve(callback());
				return held;
			})
		} as unknown as Pick<LockManager, 'request'>;
		let leading = false;
		const storage = sharedStorage();
		const release = electLeader('sync', { lead: () => (leading = true), lose: () => {} }, { locks, storage });
		expect(leading).toBe(true);
		expect(storage.items.size).toBe(0);
		let settled = false;
		void held!.then(() => (settled = true));
		await vi.advanceTimersByTimeAsync(LEASE_TTL_MS);
		expect(settled).toBe(false);
		release();
		await vi.advanceTimersByTimeAsync(0);
		expect(settled).toBe(true);
	});

	it('falls back to the lease without Web Locks, and leads at once with neither', () => {
		let leads = 0;
		const callbacks = { lead: () => leads++, lose: () => {} };
		const storage = sharedStorage();
		const release = electLeader('sync', callbacks, { locks: null, storage });
		expect(leads).toBe(0);
		vi.advanceTimersByTime(LEASE_SETTLE_MS);
		expect(leads).toBe(1);
		expect(storage.items.has(leaseKey('sync'))).toBe(true);
		release();
		electLeader('sync', callbacks, { locks: null, storage: null });
		expect(leads).toBe(2);
	});
});
