// `npm run bench -- coldstart [--entries 1000,10000] [--runs 3]`: what a researcher waits for
// when the app is opened offline on a tablet that holds a large project.
//
// For each size, a Chromium profile (user-data-dir) is prepared once: the built app is
// opened, its service worker installed, and a generated demo of that many entries
// loaded through the app's own file import (the bulk path, data/bulk.ts) – that load is
// itself a figure (entries per second). Profiles are cached under the system temp
// directory, keyed by the build's version, the schema version and the size, so a rerun
// of the same build only measures. Then the server is stopped (offline) and, per run, a
// fresh Chromium process opens the profile at 1× and 4× CPU (CDP
// Emulation.setCPUThrottlingRate) and the time from navigation to the first library row,
// and (in another fresh process) to the first map cell, is taken.
//
// Every figure is printed as a JSON line as soon as it is taken; the summary follows.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { generateDemo } from './demo-generator.mjs';

export const coldStartBudgets = { coldStartMs_10k_cpu4x: 1500, coldStartMs_50k_cpu4x: 3000, bulkEntriesPerSec: 2000 };

const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const viewport = { width: 820, height: 1180 };

const emit = (figure) => console.log(JSON.stringify(figure));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function buildVersion(buildDir) {
	const file = join(buildDir, 'client', '_app', 'version.json');
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : 'unknown';
}

function schemaVersion(root) {
	// The highest `version: N` in the schema list: a new schema needs a new profile.
	const text = readFileSync(join(root, 'src/lib/data/schemaVersions.ts'), 'utf8');
	return Math.max(...[...text.matchAll(/version:\s*(\d+)/g)].map((m) => Number(m[1])));
}

async function startServer(root, buildDir, port) {
	const child = spawn(process.execPath, [join(buildDir, 'index.js')], {
		cwd: root,
		// A data folder of its own: the checkout's `data/` may be held by another server.
		env: { BODY_SIZE_LIMIT: '64M', DATA_DIR: mkdtempSync(join(tmpdir(), 'feltinnsikt-coldstart-')), ...process.env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: 'ignore'
	});
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 600; i++) {
		if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return child;
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill();
	throw new Error(`the server on ${base} did not answer its health check in 60 s`);
}

/** Opens the app on a new profile, installs the worker and loads the demo file: returns the load figure. */
async function prepareProfile(dir, base, entries) {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const demoFile = join(dir, '..', `demo-${entries}.json`);
	if (!existsSync(demoFile)) writeFileSync(demoFile, JSON.stringify(generateDemo({ entries, seed: 7 })));
	const context = await chromium.launchPersistentContext(dir, { executablePath, args: launchArgs, viewport });
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(30 * 60_000);
		await page.goto(`${base}/`);
		await page.getByTestId('first-run').waitFor();
		await page.waitForFunction(() => navigator.serviceWorker?.controller);
		const t0 = Date.now();
		await page.getByTestId('demo-file').setInputFiles(demoFile);
		await page.waitForURL('**/capture');
		await page.getByTestId('entry-list').waitFor();
		const ms = Date.now() - t0;
		// Once online, so the screens' own first-visit work (a search index saved, a team cached) is done before measuring.
		await page.goto(`${base}/library`);
		await page.getByTestId('entry').first().waitFor();
		await page.goto(`${base}/map`);
		await page.getByTestId('map-cell').first().waitFor();
		await page.waitForTimeout(2000);
		return { entries, ms, entriesPerSec: Math.round(entries / (ms / 1000)) };
	} finally {
		await context.close();
	}
}

/** One fresh browser process on the profile: navigation → first `testId` visible, in ms. */
async function coldOpen(dir, url, testId, rate) {
	const context = await chromium.launchPersistentContext(dir, { executablePath, args: launchArgs, viewport, offline: true });
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(120_000);
		const cdp = await context.newCDPSession(page);
		await cdp.send('Emulation.setCPUThrottlingRate', { rate });
		const t0 = Date.now();
		await page.goto(url, { waitUntil: 'commit' });
		await page.getByTestId(testId).first().waitFor();
		return Date.now() - t0;
	} finally {
		await context.close();
	}
}

export async function benchColdStart({ root, buildDir, sizes = [1000, 10000], runs = 3, port = Number(process.env.E2E_PORT || 4390) }) {
	const key = `v${schemaVersion(root)}-${buildVersion(buildDir)}-port${port}`;
	const cacheRoot = join(tmpdir(), 'feltinnsikt-bench-profiles', key);
	mkdirSync(cacheRoot, { recursive: true });
	const base = `http://127.0.0.1:${port}`;
	const figures = { bulk: {}, coldStart: {} };

	// Prepared profiles (the server is needed only for these).
	const missing = sizes.filter((n) => !existsSync(join(cacheRoot, `profile-${n}`, 'ready.json')));
	if (missing.length) {
		const server = await startServer(root, buildDir, port);
		try {
			for (const entries of missing) {
				const dir = join(cacheRoot, `profile-${entries}`);
				const load = await prepareProfile(dir, base, entries);
				writeFileSync(join(dir, 'ready.json'), JSON.stringify(load));
				emit({ figure: 'demoFileLoadThroughBulkPath', ...load, budgetEntriesPerSec: coldStartBudgets.bulkEntriesPerSec });
			}
		} finally {
			server.kill();
		}
	}
	for (const entries of sizes) {
		const load = JSON.parse(readFileSync(join(cacheRoot, `profile-${entries}`, 'ready.json'), 'utf8'));
		figures.bulk[entries] = load;
		if (!missing.includes(entries)) emit({ figure: 'demoFileLoadThroughBulkPath', cached: true, ...load });
	}

	// Offline: no server at all, only the service worker and IndexedDB.
	for (const entries of sizes) {
		const dir = join(cacheRoot, `profile-${entries}`);
		for (const rate of [1, 4]) {
			for (const [screen, path, testId] of [
				['library', '/library', 'entry'],
				['map', '/map', 'map-cell']
			]) {
				const times = [];
				for (let run = 0; run < runs; run++) {
					const ms = await coldOpen(dir, `${base}${path}`, testId, rate);
					times.push(ms);
					emit({ figure: 'offlineColdStart', screen, entries, cpu: `${rate}x`, run: run + 1, ms });
				}
				const name = `${screen}_${entries}_cpu${rate}x`;
				figures.coldStart[name] = { medianMs: median(times), minMs: Math.min(...times) };
				emit({ figure: 'offlineColdStartSummary', screen, entries, cpu: `${rate}x`, ...figures.coldStart[name] });
			}
		}
	}
	return figures;
}
