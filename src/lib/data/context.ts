import { HybridClock } from '$lib/sync/hlc';
import type { FieldworkDb } from './db';

/** What every repository needs: the database, the clock that stamps changes, and who is writing. */
export interface DataContext {
	db: FieldworkDb;
	clock: HybridClock;
	actor(): string;
	now(): Date;
}

export interface DataContextOptions {
	deviceId: string;
	actor: () => string;
	now?: () => Date;
	clockStart?: string;
}

export function createDataContext(db: FieldworkDb, options: DataContextOptions): DataContext {
	const now = options.now ?? (() => new Date());
	return {
		db,
		clock: new HybridClock(options.deviceId, () => now().getTime(), options.clockStart),
		actor: options.actor,
		now
	};
}
