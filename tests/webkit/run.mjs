#!/usr/bin/env node
// `npm run test:webkit`: the core journeys in WebKit (WebKitGTK through WebKitWebDriver).
// Without WebKitWebDriver (or, with no display, without Xvfb) the suite cannot run: it says
// so, says how to install them, and counts as skipped rather than failed, so `npm test`
// works on a machine without WebKit. Builds the app first when there is no build.
// Arguments pass through to Vitest (e.g. a file name, or `-t <name>`).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const buildDir = join(root, process.env.BUILD_DIR || 'build');

function onPath(command) {
	return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

const missing = [];
if (!onPath('WebKitWebDriver')) missing.push('WebKitWebDriver');
if (!process.env.DISPLAY && !onPath('Xvfb')) missing.push('Xvfb');

if (missing.length > 0) {
	const summary = { passed: 0, failed: 0, skipped: true, errors: 0, status: 'skipped' };
	console.log(
		[
			'',
			`WebKit is not installed (${missing.join(' and ')} not found): the WebKit suite is SKIPPED.`,
			'To run it on Debian or Ubuntu:  sudo apt-get install webkit2gtk-driver xvfb',
			'(Other systems: run the Chromium suite with `npm run test:e2e`; a WebKit engine is needed for this one.)',
			''
		].join('\n')
	);
	console.log(`WEBKIT-SUMMARY ${JSON.stringify(summary)}`);
	if (process.env.WEBKIT_SUMMARY_FILE) writeFileSync(process.env.WEBKIT_SUMMARY_FILE, JSON.stringify(summary));
	process.exit(0);
}

if (!existsSync(join(buildDir, 'index.js'))) {
	console.log(`No build at ${buildDir}: building first.`);
	const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
} else {
	console.log(`WebKit suite: using the build in ${buildDir} (\`npm run build\` refreshes it).`);
}

const vitest = spawn(
	process.execPath,
	[join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'tests/webkit/vitest.config.ts', ...process.argv.slice(2)],
	{ cwd: root, stdio: 'inherit' }
);
vitest.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
