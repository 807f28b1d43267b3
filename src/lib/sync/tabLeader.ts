import { newId } from '$lib/domain/ids';

/**
 * One tab per device talks to the server (see engine.svelte.ts). With Web Locks the
 * browser picks it: the lock is held until the tab goes, and the next waiting tab gets
 * it. Safari before 15.4 (iPads that no longer update) has no Web Locks; there a lease
 * in localStorage does the same: the leader rewrites it every few seconds, and a tab
 * takes over when it has expired (its leader crashed or was closed) or was given back.
 * Two tabs that claim an expired lease at once both write it; each reads it back a
 * moment later and only the one whose claim stayed leads.
 */

export interface LeaderCallbacks {
	/** This tab leads from now on. */
	lead(): void;
	/** Another tab took over (this one was throttled past the lease's end): stop leading. */
	lose(): void;
}

export type LeaseStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface LeaseOptions {
	storage: LeaseStorage;
	tabId?: string;
	now?: () => number;
	/** Runs `task` after `ms`; returns what cancels it. */
	schedule?: (task: () => void, ms: number) => () => void;
	/** Calls `listener` when another tab changes the lease key (the `storage` event): a given-back lease is taken at once. */
	onChange?: (key: string, listener: () => void) => () => void;
	/** How long a lease holds without being renewed (ms). */
	ttlMs?: number;
	/** How often the leader renews, and the others look (ms). */
	renewMs?: number;
	/** How long a claim must stand before the tab leads (ms): another tab's write has then arrived. */
	settleMs?: number;
}

interface Lease {
	owner: string;
	expires: number;
}

export const LEASE_TTL_MS = 10_000;
export const LEASE_RENEW_MS = 3_000;
export const LEASE_SETTLE_MS = 250;

export function leaseKey(name: string): string {
	return `feltinnsikt:lease:${name}`;
}

const defaultSchedule = (task: () => void, ms: number) => {
	const timer = setTimeout(task, ms);
	return () => clearTimeout(timer);
};

/** Leads through a localStorage lease; returns the function that gives it back. */
export function leaseLeadership(name: string, callbacks: LeaderCallbacks, options: LeaseOptions): () => void {
	const { storage } = options;
	const tabId = options.tabId ?? newId();
	const now = options.now ?? Date.now;
	const schedule = options.schedule ?? defaultSchedule;
	const ttl = options.ttlMs ?? LEASE_TTL_MS;
	const renew = options.renewMs ?? LEASE_RENEW_MS;
	const settle = options.settleMs ?? LEASE_SETTLE_MS;
	const key = leaseKey(name);

	let leading = false;
	let stopped = false;
	let cancel = () => {};
	const later = (task: () => void, ms: number) => {
		cancel();
		cancel = schedule(task, ms);
	};

	const read = (): Lease | null => {
		try {
			const parsed = JSON.parse(storage.getItem(key) ?? 'null') as Partial<Lease> | null;
			return parsed && typeof parsed.owner === 'string' && typeof parsed.expires === 'number' ? { owner: parsed.owner, expires: parsed.expires } : null;
		} catch {
			return null;
		}
	};
	const claim = () => {
		try {
			storage.setItem(key, JSON.stringify({ owner: tabId, expires: now() + ttl } satisfies Lease));
		} catch {
			// Storage refused: the claim is not there, so the read-back decides against leading.
		}
	};

	const look = () => {
		if (stopped) return;
		const lease = read();
		if (leading) {
			if (lease && lease.owner !== tabId) {
				// Someone claimed it while this tab did not renew in time: theirs now.
				leading = false;
				callbacks.lose();
			} else claim();
			later(look, renew);
			return;
		}
		if (!lease || lease.owner === tabId || lease.expires <= now()) {
			claim();
			later(confirm, settle);
			return;
		}
		later(look, renew);
	};
	const confirm = () => {
		if (stopped) return;
		if (read()?.owner === tabId) {
			leading = true;
			claim();
			callbacks.lead();
		}
		later(look, renew);
	};

	const stopWatching = options.onChange?.(key, () => {
		// The leader gave the lease back: the first to look takes it.
		if (!leading && !stopped && read() === null) look();
	});
	look();

	return () => {
		stopped = true;
		cancel();
		stopWatching?.();
		if (read()?.owner === tabId) {
			try {
				storage.removeItem(key);
			} catch {
				// It expires by itself.
			}
		}
		leading = false;
	};
}

type LocksLike = Pick<LockManager, 'request'>;

export interface ElectOptions {
	locks?: LocksLike | null;
	storage?: LeaseStorage | null;
	lease?: Omit<LeaseOptions, 'storage'>;
}

function browserStorage(): LeaseStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

function storageEvents(key: string, listener: () => void): () => void {
	const onStorage = (event: StorageEvent) => {
		if (event.key === key) listener();
	};
	window.addEventListener('storage', onStorage);
	return () => window.removeEventListener('storage', onStorage);
}

/**
 * Makes this tab the leader when it may be: through Web Locks where the browser has
 * them, a localStorage lease where it does not, and at once where there is neither (no
 * other tab can then be known of). Returns the function that gives leadership back.
 */
export function electLeader(name: string, callbacks: LeaderCallbacks, options: ElectOptions = {}): () => void {
	const locks = options.locks !== undefined ? options.locks : typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
	if (locks) {
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		let given = false;
		void locks
			.request(name, () => {
				if (given) return;
				callbacks.lead();
				return held;
			})
			.catch(() => {});
		return () => {
			given = true;
			release();
		};
	}
	const storage = options.storage !== undefined ? options.storage : browserStorage();
	if (storage) {
		const onChange = typeof window === 'undefined' ? undefined : storageEvents;
		return leaseLeadership(name, callbacks, { onChange, ...options.lease, storage });
	}
	callbacks.lead();
	return () => {};
}
