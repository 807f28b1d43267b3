import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// The server shares the wire format, schemas and exporters with the app, but never the
// device's database layer: a server bundle that loads Dexie means a shared module reached
// into `$lib/data` (the lint rules keep it out of the source; this checks what was built).
// Runs on the build the e2e server was started from.
const build = process.env.BUILD_DIR || 'build';

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? files(path) : path.endsWith('.js') ? [path] : [];
	});
}

test('the built server holds no Dexie, and the built app does @one-viewport', () => {
	const mentions = (dir: string) => files(join(build, dir)).filter((f) => /dexie/i.test(readFileSync(f, 'utf8')));
	expect(mentions('server')).toEqual([]);
	expect(mentions('client').length).toBeGreaterThan(0);
});
