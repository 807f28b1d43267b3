// Performance figures for the budgets in docs/decisions.md, printed as JSON.
// Runs the built app (`npm run build` first if missing) on a free loopback port
// and measures it in Chromium. Figures, not assertions: compare them to the budgets.
import { spawn, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { benchSearch } from './bench-search.mjs';
import { benchServer, serverBudgets, tabletsFromArgs } from './bench-server.mjs';
import { generateDemo } from './demo-generator.mjs';
import { benchSearchBrowser, searchBudgets, startApp } from './bench-search-browser.mjs';

/** Keystroke → rendered results in Chromium on prepared profiles (see bench-search-browser.mjs). */
async function runSearchBrowser(sizes) {
	if (!existsSync(`${root}${buildDir}/index.js`)) execSync('npm run build', { cwd: root, stdio: 'inherit' });
	// Prepared profiles keep their data under the app's origin: the same port every run (BENCH_PORT to change it).
	const app = await startApp(root, buildDir, Number(process.env.BENCH_PORT) || 4391);
	try {
		const at = args.indexOf('--cpu');
		const cpu = at >= 0 ? Number(args[at + 1]) : 1;
		const emit = (line) => console.log(JSON.stringify(line));
		return await benchSearchBrowser({ base: app.base, sizes, cpu, emit, cacheDir: `${root}node_modules/.cache/feltinnsikt-bench`, fresh: args.includes('--fresh') });
	} finally {
		app.stop();
	}
}

const root = new URL('..', import.meta.url).pathname;
const buildDir = process.env.BUILD_DIR || 'build';

// `npm run bench -- server.load [--tablets N]` runs only the server load figures (BENCH_TABLETS also sets N);
// `npm run bench -- search [--entries N]` only the search figures, in Node, without a build (N: 20000 by default).
const args = process.argv.slice(2);
const selected = args.filter((arg, i) => !arg.startsWith('--') && !['--tablets', '--entries', '--cpu', '--sizes', '--runs'].includes(args[i - 1]));
const tablets = tabletsFromArgs(args);
if (selected.some((name) => !['server.load', 'search', 'coldstart', 'live', 'encryption'].includes(name))) throw new Error(`Unknown bench: ${selected.join(' ')} (known: server.load, search, coldstart, live, encryption)`);
if (selected.includes('encryption')) {
	// `npm run bench -- encryption [--entries 20000] [--runs 3] [--cpu N]`: plain and PIN-encrypted profiles side by side (bench-encryption.mjs).
	const { benchEncryption, encryptionBudgets } = await import('./bench-encryption.mjs');
	if (!existsSync(`${root}${buildDir}/index.js`)) execSync('npm run build', { cwd: root, stdio: 'inherit' });
	const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
	const app = await startApp(root, buildDir, Number(process.env.BENCH_PORT) || 4391);
	try {
		const emit = (line) => console.log(JSON.stringify(line));
		const encryption = await benchEncryption({ base: app.base, entries: option('--entries', 20000), runs: option('--runs', 3), cpu: option('--cpu', 1), emit, cacheDir: `${root}node_modules/.cache/feltinnsikt-bench` });
		console.log(JSON.stringify({ bench: 'feltinnsikt', date: new Date().toISOString(), budgets: encryptionBudgets, figures: { encryption } }, null, 2));
	} finally {
		app.stop();
	}
	process.exit(0);
}
if (selected.includes('live')) {
	// `npm run bench -- live`: write on one tablet → in the others' hands, 2/10/50 tablets on the live channel (bench-live.mjs).
	const { benchLive, liveBudgets } = await import('./bench-live.mjs');
	if (!existsSync(`${root}${buildDir}/index.js`)) execSync('npm run build', { cwd: root, stdio: 'inherit' });
	const live = await benchLive({ root, buildDir: `${root}${buildDir}` });
	console.log(JSON.stringify({ bench: 'feltinnsikt', date: new Date().toISOString(), budgets: { live: liveBudgets }, figures: { live } }, null, 2));
	process.exit(0);
}
if (selected.includes('coldstart')) {
	// `npm run bench -- coldstart [--sizes 1000,10000,50000] [--runs 3]`: offline cold start on prepared profiles (bench-coldstart.mjs).
	const { benchColdStart, coldStartBudgets } = await import('./bench-coldstart.mjs');
	if (!existsSync(`${root}${buildDir}/index.js`)) execSync('npm run build', { cwd: root, stdio: 'inherit' });
	const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
	const sizes = option('--sizes', '1000,10000').split(',').map(Number);
	const coldStart = await benchColdStart({ root, buildDir: `${root}${buildDir}`, sizes, runs: Number(option('--runs', '3')) });
	console.log(JSON.stringify({ bench: 'feltinnsikt', date: new Date().toISOString(), budgets: coldStartBudgets, figures: { coldStart } }, null, 2));
	process.exit(0);
}
if (selected.includes('search')) {
	// `--entries N` sets one size for both; `--node` skips the browser (no build needed); `--cpu N` throttles it.
	const at = args.indexOf('--entries');
	const entries = at >= 0 ? Number(args[at + 1]) : null;
	if (entries !== null && (!Number.isInteger(entries) || entries < 1)) throw new Error('--entries needs a whole number of entries');
	const search = await benchSearch([entries ?? 20000]);
	console.log(JSON.stringify({ figure: 'search.node', entries: entries ?? 20000, ...search[entries ?? 20000] }));
	const figures = { search };
	if (!args.includes('--node')) figures.searchBrowser = await runSearchBrowser(entries ? [entries] : [10000, 20000, 50000]);
	console.log(JSON.stringify({ bench: 'feltinnsikt', date: new Date().toISOString(), budgets: searchBudgets, figures }, null, 2));
	process.exit(0);
}
if (!existsSync(`${root}${buildDir}/index.js`)) execSync('npm run build', { cwd: root, stdio: 'inherit' });
if (selected.includes('server.load')) {
	const server = await benchServer({ root, buildDir: `${root}${buildDir}`, tablets });
	console.log(JSON.stringify({ bench: 'feltinnsikt', date: new Date().toISOString(), budgets: { server: serverBudgets }, figures: { server } }, null, 2));
	process.exit(0);
}

const port = await new Promise((resolve) => {
	const s = createServer().listen(0, '127.0.0.1', () => {
		const { port } = s.address();
		s.close(() => resolve(port));
	});
});
const server = spawn(process.execPath, [`${buildDir}/index.js`], { cwd: root, env: { BODY_SIZE_LIMIT: '16M', ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
	if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
	await new Promise((r) => setTimeout(r, 100));
}

const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const figures = {};
// Full-text search in Node on generated entries (same generator as `npm run demo`).
figures.search = await benchSearch([1000, 20000]);
try {
	const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
	const page = await context.newPage();

	// First screen JS: every script the first visit loads, gzipped as the server would send it.
	const scripts = [];
	page.on('response', async (response) => {
		if (response.request().resourceType() === 'script') scripts.push(response.body().catch(() => Buffer.alloc(0)));
	});
	await page.goto(`${base}/`);
	await page.getByTestId('first-run').waitFor();
	await page.waitForLoadState('networkidle');
	const bodies = await Promise.all(scripts);
	figures.firstScreenJsGzipKB = +(bodies.reduce((sum, b) => sum + gzipSync(b).length, 0) / 1024).toFixed(1);
	figures.firstScreenScripts = bodies.length;

	// Demo project load through the repositories (one transaction) in real IndexedDB.
	await page.waitForFunction(() => navigator.serviceWorker?.controller);
	let t0 = Date.now();
	await page.getByRole('button', { name: 'Last inn demoprosjekt' }).click();
	await page.getByTestId('entry-list').waitFor();
	figures.demoProjectLoadMs = Date.now() - t0;

	// Offline cold start with 4× CPU throttling: a new page, network off, to a usable capture screen.
	await context.setOffline(true);
	const cold = await context.newPage();
	const cdp = await context.newCDPSession(cold);
	await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
	t0 = Date.now();
	await cold.goto(`${base}/capture`);
	await cold.getByTestId('entry-list').waitFor();
	figures.offlineColdStartToCaptureMs_cpu4x = Date.now() - t0;
	await cold.close();
	await context.setOffline(false);

	// Bulk insert of generated evidence straight into IndexedDB, then the map at 20k and the library at 50k.
	const texts = generateDemo({ entries: 1000, seed: 7 }).entries.map((e) => e.text);
	const insert = (count, start) =>
		page.evaluate(
			async ({ count, start, texts }) => {
				const db = await new Promise((resolve, reject) => {
					const r = indexedDB.open('feltinnsikt');
					r.onsuccess = () => resolve(r.result);
					r.onerror = () => reject(r.error);
				});
				const read = (store) => new Promise((resolve) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); });
				const [entries, taggings] = await Promise.all([read('entries'), read('taggings')]);
				const entry = entries[0];
				const region = taggings.filter((t) => t.kind === 'region');
				const stage = taggings.filter((t) => t.kind === 'lifeStage');
				const t0 = performance.now();
				const tx = db.transaction(['entries', 'taggings'], 'readwrite');
				for (let i = 0; i < count; i++) {
					const id = `bench-${String(start + i).padStart(7, '0')}`;
					tx.objectStore('entries').put({ ...entry, id, text: texts[i % texts.length], participantId: null });
					for (const t of [region[i % region.length], stage[i % stage.length]]) tx.objectStore('taggings').put({ ...t, id: `tg:${t.kind}:${id}:${t.tagId}`, targetId: id });
				}
				await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
				db.close();
				return { rows: count * 3, ms: performance.now() - t0 };
			},
			{ count, start, texts }
		);
	const first = await insert(20000, 0);
	figures.indexedDbBulkInsertRowsPerSec = Math.round(first.rows / (first.ms / 1000));
	t0 = Date.now();
	await page.goto(`${base}/map`);
	await page.getByTestId('map-cell').first().waitFor();
	figures.mapRenderMs_20k = Date.now() - t0;
	await insert(30000, 20000);
	t0 = Date.now();
	await page.goto(`${base}/library`);
	await page.getByTestId('entry').first().waitFor();
	figures.libraryFirstRenderMs_50k = Date.now() - t0;
	const before = await page.getByTestId('library-count').textContent();
	t0 = Date.now();
	await page.getByTestId('library-search').fill('saksbehandlern');
	await page.waitForFunction((b) => document.querySelector('[data-testid=library-count]')?.textContent !== b, before);
	figures.librarySearchFirstResultsMs_50k = Date.now() - t0;
} finally {
	await browser.close();
	server.kill();
}
// After the browser figures, so the two do not share the cores.
figures.server = await benchServer({ root, buildDir: `${root}${buildDir}`, tablets });
console.log(JSON.stringify({ bench: 'feltinnsikt', date: new Date().toISOString(), budgets: { firstScreenJsGzipKB: 150, offlineColdStartMs: 1500, searchP95Ms: 25, server: serverBudgets }, figures }, null, 2));
