#!/usr/bin/env node
// Adds lock entries for per-platform optional packages that npm could not resolve when the
// lock was written.
//
// Packages with native binaries (rollup, @lix-js/sdk, @bytecodealliance/jco-node-fs, ...)
// list one optional dependency per platform. When the registry npm talks to lacks some of
// them, `npm install` leaves them out of package-lock.json, and `npm ci` then refuses the
// lock everywhere: "Missing: @rollup/rollup-android-arm-eabi@ from lock file". This script
// adds each missing one as `{ version, optional: true }` (the exact version the parent
// pins). npm skips it on other platforms and installs it, by version, on its own platform.
//
// Run after `npm install` changed the lock, then prove it: rm -rf node_modules && npm ci
//   node scripts/lockfile-optional-platforms.mjs [package-lock.json]

import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const text = readFileSync(file, 'utf8');
const lock = JSON.parse(text);
const packages = lock.packages ?? {};

/** Where Node would find `name` from the package at `path` (nested first, then upwards). */
function resolves(path, name) {
	let base = path;
	for (;;) {
		if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
		if (!base) return false;
		const parent = base.lastIndexOf('/node_modules/');
		base = parent === -1 ? '' : base.slice(0, parent);
	}
}

const added = [];
for (const [path, entry] of Object.entries(packages)) {
	for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
		if (resolves(path, name)) continue;
		const key = `node_modules/${name}`;
		if (packages[key]) continue;
		packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
		added.push(`${name}@${version}`);
	}
}

if (added.length === 0) {
	console.log('package-lock.json already lists every optional platform package.');
} else {
	// npm keeps `packages` sorted by path.
	const [rootEntry, ...rest] = Object.entries(packages);
	rest.sort(([a], [b]) => a.localeCompare(b, 'en'));
	lock.packages = Object.fromEntries([rootEntry, ...rest]);
	const indent = /^\{\n(\s+)"/.exec(text)?.[1] ?? '\t';
	writeFileSync(file, `${JSON.stringify(lock, null, indent)}\n`);
	console.log(`Added ${added.length} optional platform packages:\n  ${added.join('\n  ')}`);
}
