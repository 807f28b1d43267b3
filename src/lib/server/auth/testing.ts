import { afterEach, beforeEach } from 'vitest';
import { useStorageForTests, type Sql } from '$lib/server/db';
import { setAuthLogSink } from './log';
import { announceSetupCode } from './setupCode';

/**
 * For route tests inside `forEachEngine`: the routes use this engine's storage, the setup
 * code is announced, and the security log is collected (the returned array, refilled per test).
 */
export function useAuthRoutes(db: { sql: Sql }, setupCode: string): string[] {
	const lines: string[] = [];
	beforeEach(async () => {
		useStorageForTests(db.sql);
		lines.length = 0;
		setAuthLogSink((line) => lines.push(line));
		await announceSetupCode(db.sql, { SETUP_CODE: setupCode }, () => {});
	});
	afterEach(() => {
		useStorageForTests(null);
		setAuthLogSink(null);
	});
	return lines;
}
