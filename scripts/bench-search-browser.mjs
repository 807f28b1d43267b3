// Search as the user sees it: in real Chromium, on a profile holding 10k/20k/50k entries, a query typed
// letter by letter into the library, each keystroke timed from keydown until the answer for what is now
// typed is in the DOM and painted (the count heading carries the query it answers: data-query).
// Profiles are prepared once and kept (node_modules/.cache) so a second run only measures.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { chromium } from '@playwright/test';
import { generateDemo } from './demo-generator.mjs';

/** Keystroke → results painted, p95 (docs/decisions.md). */
export const searchBudgets = { searchP95Ms: 25, browserKeystrokeP95Ms: { 20000: 25, 50000: 40 } };

/**
 * The built app on a loopback port: a fixed one when given (a prepared profile's data belongs to its
 * origin, port included), else a free one.
 */
export async function startApp(root, buildDir, fixedPort) {
	const port =
		fixedPort ??
		(await new Promise((resolve) => {
			const s = createServer().listen(0, '127.0.0.1', () => {
				const { port } = s.address();
				s.close(() => resolve(port));
			});
		}));
	// The search figures need no server data: a throwaway data directory, never the developer's ./data.
	const env = { BODY_SIZE_LIMIT: '16M', DATA_DIR: mkdtempSync(join(tmpdir(), 'feltinnsikt-bench-')), ...process.env, PORT: String(port), HOST: '127.0.0.1' };
	const server = spawn(process.execPath, [`${buildDir}/index.js`], { cwd: root, env, stdio: 'ignore' });
	const base = `http://127.0.0.1:${port}`;
	// A loaded machine can take a minute to start it.
	const until = Date.now() + 300_000;
	while (!(await fetch(`${base}/api/health`).then((r) => r.ok, () => false))) {
		if (Date.now() > until || server.exitCode !== null) {
			server.kill();
			throw new Error(`The app did not start on ${base}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return { base, stop: () => server.kill() };
}

/** Bump when what a prepared profile holds changes: older ones are prepared again. */
const profileFormat = 1;

// Whole words, a typo, a swap, æøå and two words: typed from the first letter, the first letters included.
export const typedQueries = ['saksbehandlern', 'bussen', 'fravær', 'venterommet', 'skoel', 'helsesykepleier', 'søknaden', 'ingen fulgte', 'kontaktlæreren', 'mamma'];

function percentile(sorted, p) {
	if (sorted.length === 0) return null;
	return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
}

export function summary(times) {
	const sorted = [...times].sort((a, b) => a - b);
	return { p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: percentile(sorted, 100), keystrokes: sorted.length };
}

/**
 * In every page of the profile: the time the library's first answer is painted (`ready`), and for each
 * answer after a keystroke, keydown (or beforeinput, for letters typed as text) → answer painted.
 */
function instrument() {
	const bench = { ready: null, painted: [], t0: null, armed: false };
	window.__bench = bench;
	const afterPaint = (fn) =>
		requestAnimationFrame(() => {
			const c = new MessageChannel();
			c.port1.onmessage = fn;
			c.port2.postMessage(0);
		});
	let last = null;
	let heading = null;
	const seen = () => {
		const h = heading ?? document.querySelector('[data-testid=library-count]');
		if (!h) return;
		if (!heading) {
			heading = h;
			// Found: from now on watch only its attribute, so the observer costs the page nothing per render.
			watch.disconnect();
			watch.observe(h, { attributes: true, attributeFilter: ['data-query'] });
		}
		const q = h.getAttribute('data-query');
		if (q === null || q === last) return;
		last = q;
		const t0 = bench.t0;
		afterPaint(() => {
			const now = performance.now();
			bench.ready ??= now;
			bench.painted.push({ q, ms: t0 === null ? null : now - t0 });
		});
	};
	const watch = new MutationObserver(seen);
	watch.observe(document, { subtree: true, childList: true });
	addEventListener('keydown', () => ((bench.t0 = performance.now()), (bench.armed = true)), true);
	addEventListener('beforeinput', () => {
		if (!bench.armed) bench.t0 = performance.now();
		bench.armed = false;
	}, true);
}

export async function launch(dir, cpu) {
	const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
	// No service worker: the profile outlives builds, and a cached app shell from an older build would be measured.
	const context = await chromium.launchPersistentContext(dir, {
		executablePath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
		viewport: { width: 820, height: 1180 },
		serviceWorkers: 'block'
	});
	await context.addInitScript(instrument);
	const page = context.pages()[0] ?? (await context.newPage());
	if (cpu > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: cpu });
	return { context, page };
}

/** The demo project plus generated evidence written straight into IndexedDB, in large transactions. */
async function prepare(page, base, entries) {
	await page.goto(`${base}/`);
	await page.getByTestId('first-run').waitFor();
	await page.getByRole('button', { name: 'Last inn demoprosjekt' }).click();
	await page.getByTestId('entry-list').waitFor();
	const texts = generateDemo({ entries, seed: 42 }).entries.map((e) => e.text);
	const chunk = 5000;
	for (let start = 0; start < entries; start += chunk) {
		await page.evaluate(
			async ({ start, texts }) => {
				const db = await new Promise((resolve, reject) => {
					const r = indexedDB.open('feltinnsikt');
					r.onsuccess = () => resolve(r.result);
					r.onerror = () => reject(r.error);
				});
				const read = (store) => new Promise((resolve) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); });
				const [all, taggings] = await Promise.all([read('entries'), read('taggings')]);
				const entry = all.find((e) => !e.participantId) ?? all[0];
				const byKind = (kind) => taggings.filter((t) => t.kind === kind && !t.deleted);
				const tags = [byKind('region'), byKind('lifeStage'), byKind('code')];
				const tx = db.transaction(['entries', 'taggings'], 'readwrite');
				texts.forEach((text, i) => {
					const n = start + i;
					const id = `bench-${String(n).padStart(7, '0')}`;
					const day = String(1 + (n % 28)).padStart(2, '0');
					tx.objectStore('entries').put({ ...entry, id, text, participantId: null, sessionId: null, highlightId: null, createdAt: `2025-${String(1 + (n % 12)).padStart(2, '0')}-${day}T10:00:00.000Z` });
					for (const list of tags) {
						if (list.length === 0 || (list === tags[2] && n % 3)) continue;
						const t = list[n % list.length];
						tx.objectStore('taggings').put({ ...t, id: `tg:${t.kind}:${id}:${t.tagId}`, targetId: id });
					}
				});
				await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
				db.close();
			},
			{ start, texts: texts.slice(start, start + chunk) }
		);
	}
}

const hasStoredIndex = (page) =>
	page.evaluate(async () => {
		const db = await new Promise((resolve) => { const r = indexedDB.open('feltinnsikt'); r.onsuccess = () => resolve(r.result); });
		const n = db.objectStoreNames.contains('searchIndex') ? await new Promise((resolve) => { const r = db.transaction('searchIndex').objectStore('searchIndex').count(); r.onsuccess = () => resolve(r.result); }) : 0;
		db.close();
		return n > 0;
	});

/** Opens the library and waits for its first answer; the time is from navigation start to that answer painted. */
export async function openLibrary(page, base) {
	await page.goto(`${base}/library`);
	await page.waitForFunction(() => window.__bench?.ready !== null, undefined, { timeout: 300_000, polling: 100 });
	return +(await page.evaluate(() => window.__bench.ready)).toFixed(0);
}

export async function typeQuery(page, query) {
	const input = page.getByTestId('library-search');
	const times = [];
	let typed = '';
	for (const ch of query) {
		typed += ch;
		const want = typed.trim();
		const from = await page.evaluate(() => window.__bench.painted.length);
		await input.pressSequentially(ch);
		if (ch === ' ') continue; // the trimmed query is unchanged: nothing new to answer
		const ms = await page.waitForFunction(
			({ from, want }) => window.__bench.painted.slice(from).find((p) => p.q === want)?.ms ?? false,
			{ from, want },
			{ timeout: 60_000, polling: 10 }
		);
		times.push(await ms.jsonValue());
		// A short pause between letters, so each keystroke is measured on its own (typing is ~150 ms a letter).
		await page.waitForTimeout(60);
	}
	await input.fill('');
	await page.waitForFunction(() => window.__bench.painted.at(-1)?.q === '', undefined, { timeout: 60_000 });
	return times;
}

/** The prepared profile for `entries` (made once, kept under `cacheDir`): its directory. */
export async function searchProfile({ base, entries, emit = () => {}, cacheDir, fresh = false }) {
	const dir = `${cacheDir}/search-${entries}-${new URL(base).port}`;
	const marker = `${dir}.json`;
	const prepared = !fresh && existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).format === profileFormat;
	if (!prepared) {
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		const { context, page } = await launch(dir, 1);
		const t0 = Date.now();
		await prepare(page, base, entries);
		await context.close();
		writeFileSync(marker, JSON.stringify({ format: profileFormat, entries }));
		emit({ figure: 'search.profilePrepared', entries, ms: Date.now() - t0 });
	}
	return dir;
}

/**
 * Keystroke → rendered results at each size, each figure emitted as it is taken.
 * Returns { [entries]: { open, keystrokes, firstLetters } }.
 */
export async function benchSearchBrowser({ base, sizes = [10000, 20000, 50000], cpu = 1, emit = () => {}, cacheDir, fresh = false }) {
	const out = {};
	for (const entries of sizes) {
		const dir = await searchProfile({ base, entries, emit, cacheDir, fresh });
		// A fresh browser process per size.
		const { context, page } = await launch(dir, cpu);
		try {
			await page.goto(`${base}/`);
			const stored = await hasStoredIndex(page);
			const first = await openLibrary(page, base);
			emit({ figure: 'search.libraryAnswerMs', entries, cpu, storedIndex: stored, ms: first });
			// Wait for the worker to save the index, then open again: the index is read back, not built.
			for (let i = 0; i < 600 && !(await hasStoredIndex(page)); i++) await page.waitForTimeout(100);
			const again = await openLibrary(page, base);
			emit({ figure: 'search.libraryAnswerMs', entries, cpu, storedIndex: true, ms: again });
			await page.waitForTimeout(1000);
			const all = [];
			const firstLetters = [];
			for (const q of typedQueries) {
				const times = await typeQuery(page, q);
				all.push(...times);
				firstLetters.push(...times.slice(0, 2));
				emit({ figure: 'search.keystrokeToPaintMs', entries, cpu, query: q, ms: times.map((t) => +t.toFixed(1)) });
			}
			out[entries] = { libraryAnswerMs: { storedIndexBefore: stored, first, again }, keystrokes: summary(all), firstLetters: summary(firstLetters) };
			emit({ figure: 'search.keystrokeToPaint', entries, cpu, ...out[entries] });
		} finally {
			await context.close();
		}
	}
	return out;
}
