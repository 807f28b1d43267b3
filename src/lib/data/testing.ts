import { newId } from '$lib/domain/ids';
import { createDataContext, type DataContext } from './context';
import { openFieldworkDb, type FieldworkDb } from './db';
import { createRepositories, type Repositories } from './repositories';

export interface TestData {
	db: FieldworkDb;
	ctx: DataContext;
	repos: Repositories;
}

/** A fresh, isolated database (fake-indexeddb in Node) with a controllable clock. */
export function openTestData(options: { deviceId?: string; actor?: string; now?: () => Date } = {}): TestData {
	const db = openFieldworkDb(`test-${newId()}`);
	const ctx = createDataContext(db, {
		deviceId: options.deviceId ?? 'device-a',
		actor: () => options.actor ?? 'user-a',
		now: options.now
	});
	return { db, ctx, repos: createRepositories(ctx) };
}
