/**
 * A recording in progress holds a Web Lock named after its attachment, so another
 * tab (or this one after a reload) never mistakes its chunks for a crashed
 * recording and finishes it underneath the recorder. Where the browser has no Web
 * Locks (tests in Node), there is nothing to coordinate with and every call goes ahead.
 */
export type Locks = Pick<LockManager, 'request'> | null;

export function recordingLockName(attachmentId: string): string {
	return `feltinnsikt:recording:${attachmentId}`;
}

export function defaultLocks(): Locks {
	return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

/** Takes the lock and keeps it until the returned release is called. */
export async function holdLock(locks: Locks, name: string): Promise<() => void> {
	if (!locks) return () => {};
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await new Promise<void>((acquired) => {
		locks
			.request(name, () => {
				acquired();
				return held;
			})
			.catch(() => acquired());
	});
	return release;
}

/** Runs `task` under the lock if nobody holds it; resolves to `skipped` when someone does. */
export async function ifLockFree<T>(locks: Locks, name: string, task: () => Promise<T>): Promise<{ skipped: true } | { skipped: false; value: T }> {
	if (!locks) return { skipped: false, value: await task() };
	return locks.request(name, { ifAvailable: true }, async (lock) => {
		if (!lock) return { skipped: true as const };
		return { skipped: false as const, value: await task() };
	});
}
