#!/usr/bin/env node
// `npm start`: build when the build is missing or older than the sources, then run the
// adapter-node server. PORT (default 3000), HOST (default 0.0.0.0) and BODY_SIZE_LIMIT
// (default 16M: adapter-node's own 512K is smaller than a push page of long notes or an
// attachment chunk) pass through; every other variable (DATABASE_URL, ...) reaches the
// server unchanged.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverEntry = join(root, 'build', 'index.js');
const sourceDirs = ['src', 'static', 'messages', 'project.inlang'];
const sourceFiles = ['vite.config.ts', 'package.json', 'package-lock.json', 'svelte.config.js'];
/** Generated during the build itself; its timestamps say nothing about the sources. */
const generatedDirs = new Set([join(root, 'src', 'lib', 'i18n', 'generated')]);

/** Newest modification time (ms) of any file under `path`, or 0 when it does not exist. */
function newestMtime(path) {
	let stats;
	try {
		stats = statSync(path);
	} catch {
		return 0;
	}
	if (!stats.isDirectory()) return stats.mtimeMs;
	if (generatedDirs.has(path)) return 0;
	let newest = 0;
	for (const entry of readdirSync(path)) {
		if (entry === 'node_modules' || entry === '.DS_Store') continue;
		newest = Math.max(newest, newestMtime(join(path, entry)));
	}
	return newest;
}

function buildReason() {
	if (!existsSync(serverEntry)) return 'no build yet';
	const builtAt = statSync(serverEntry).mtimeMs;
	for (const path of [...sourceDirs, ...sourceFiles]) {
		if (newestMtime(join(root, path)) > builtAt) return `${path} changed since the last build`;
	}
	return null;
}

/** The running child (build, then server); signals we receive are passed on to it. */
let child = null;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		if (!child) process.exit(128 + constants.signals[signal]);
		if (stopping) return;
		stopping = true;
		child.kill(signal);
	});
}

/** Exit code that reports how a child ended, the way a shell does. */
function exitCode(code, signal) {
	if (code !== null) return code;
	return 128 + (constants.signals[signal] ?? 0);
}

const reason = buildReason();
if (reason) {
	console.log(`[start] Building (${reason}) …`);
	const viteBin = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const code = await new Promise((resolve, reject) => {
		child = spawn(process.execPath, [viteBin, 'build'], { cwd: root, stdio: 'inherit' });
		child.on('error', reject);
		child.on('exit', (code, signal) => resolve(exitCode(code, signal)));
	});
	child = null;
	if (code !== 0 || stopping) {
		if (!stopping) console.error(`[start] Build failed (exit code ${code}).`);
		process.exit(code);
	}
}

const port = process.env.PORT || '3000';
const host = process.env.HOST || '0.0.0.0';
child = spawn(process.execPath, [serverEntry], {
	cwd: root,
	stdio: 'inherit',
	env: { ...process.env, PORT: port, HOST: host, BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '16M' }
});
child.on('error', (error) => {
	console.error(`[start] Could not start the server: ${error.message}`);
	process.exit(1);
});
child.on('exit', (code, signal) => process.exit(exitCode(code, signal)));

console.log(`[start] Feltinnsikt on http://localhost:${port} (listening on ${host}:${port})`);
