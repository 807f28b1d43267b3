// `live`: what one tablet writes, how soon the others have it, with every tablet on the live channel.
//
// On PGlite (one app instance) and on PostgreSQL (two app instances on one database, the
// tablets split between them, so half of every announcement crosses LISTEN/NOTIFY), for
// N = 2, 10 and 50 tablets: each tablet is its own member with its own session, holds the
// project's stream (`GET /api/projects/:id/live`) and does what the app does — on every
// `change` event it pulls from its cursor (one pull in flight; an event during a pull means
// one more pull after it). Each tablet writes a few times at random moments while the others
// do the same. Latency is from the moment A starts its push to the moment B's pull returns
// A's change: write → in B's hands, the network part of "applied on B" (the device's own
// IndexedDB write after that is measured by the browser bench). p50/p95/p99 over every
// (write, other tablet) pair, beside the budget p95 ≤ 1 s at 50 tablets.
//
// Memory: the server process's resident size before and after opening 200 extra idle
// streams, per stream.
//
// Run alone: `node scripts/bench-live.mjs` or `npm run bench -- live`.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { baseEnv, freshDatabase, members, newProject, percentile, pushResult, push, setUp, sleep, startServer, writes } from './bench-server.mjs';

export const liveBudgets = { writeToOtherTabletP95Ms: 1000, atTablets: 50 };
const SIZES = [2, 10, 50];
/** Writes per tablet per round: enough pairs for a p99 at every size without a long run. */
const WRITES = { 2: 20, 10: 6, 50: 3 };
/** One write = one entry (15 fields) and one note (5 fields), as the app pushes them. */
const CHANGES_PER_WRITE = 20;
const IDLE_STREAMS = 200;
const RUN_DEADLINE_MS = 20 * 60_000;

/** Reads an event stream: calls `onEvent(type, data)` for each event; returns a function that closes it. */
async function openStream(base, cookie, projectId, onEvent) {
	const controller = new AbortController();
	const response = await fetch(`${base}/api/projects/${projectId}/live`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
	if (!response.ok) throw new Error(`live stream → ${response.status}`);
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	void (async () => {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			buffer += decoder.decode(value, { stream: true });
			let end;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				const type = /^event: (.*)$/m.exec(block)?.[1];
				const data = /^data: (.*)$/m.exec(block)?.[1];
				if (type && data) onEvent(type, JSON.parse(data));
			}
		}
	})().catch(() => {});
	return () => controller.abort();
}

/** A tablet that pulls whenever its stream says the log moved, and notes when each awaited row arrives. */
function follower(tablet, projectId, arrived) {
	let cursor = 0;
	let pulling = false;
	let again = false;
	const pull = async () => {
		if (pulling) {
			again = true;
			return;
		}
		pulling = true;
		try {
			do {
				again = false;
				for (let more = true; more; ) {
					const page = await tablet.c.call('GET', `/api/projects/${projectId}/sync/pull?after=${cursor}`);
					const now = performance.now();
					for (const change of page.changes) arrived(tablet, change.rowId, now);
					cursor = page.cursor;
					more = page.hasMore;
				}
			} while (again);
		} finally {
			pulling = false;
		}
	};
	return { onEvent: (type, data) => (type === 'hello' || type === 'change') && data.seq > cursor && void pull().catch(() => {}) };
}

function rssKiB(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

async function round(instances, owner, n) {
	const projectId = await newProject(owner, `Bench: direkte med ${n}`);
	const team = await members(instances[0].base, owner, projectId, n);
	// Each tablet talks to one instance: with two, half the announcements cross NOTIFY.
	team.forEach((t, i) => (t.server = instances[i % instances.length]));
	for (const t of team) if (t.server !== instances[0]) t.c = rebase(t.c, t.server.base);
	/** rowId → { at, writer }; pairs: latency of every (write, other tablet). */
	const started = new Map();
	const latencies = [];
	const seen = new Set();
	const arrived = (tablet, rowId, now) => {
		const write = started.get(rowId);
		if (!write || write.writer === tablet) return;
		const key = `${rowId} ${tablet.userId}`;
		if (seen.has(key)) return;
		seen.add(key);
		latencies.push(now - write.at);
	};
	const closers = [];
	for (const t of team) {
		const f = follower(t, projectId, arrived);
		closers.push(await openStream(t.server.base, t.c.cookie(), projectId, f.onEvent));
	}
	await sleep(300);
	const writesEach = WRITES[n] ?? 3;
	const failures = [];
	await Promise.all(
		team.map(async (t) => {
			for (let w = 0; w < writesEach; w++) {
				await sleep(200 + Math.random() * 800);
				const changes = writes(t.userId, t.node, CHANGES_PER_WRITE);
				const at = performance.now();
				for (const change of changes) if (!started.has(change.rowId)) started.set(change.rowId, { at, writer: t });
				try {
					pushResult(await push(t.c, projectId, changes));
				} catch (error) {
					failures.push(String(error.message ?? error));
				}
			}
		})
	);
	// Every other tablet should get every row written: wait for all pairs (bounded).
	const pairs = (n - 1) * started.size;
	for (let i = 0; i < 300 && seen.size < pairs; i++) await sleep(100);
	for (const close of closers) close();
	return {
		tablets: n,
		instances: instances.length,
		writesPerTablet: writesEach,
		pairs: latencies.length,
		expectedPairs: pairs,
		writeToOtherMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.length ? Math.round(Math.max(...latencies)) : null },
		...(n === liveBudgets.atTablets ? { budget: { p95: liveBudgets.writeToOtherTabletP95Ms }, withinBudget: pairs > 0 && latencies.length === pairs && percentile(latencies, 95) <= liveBudgets.writeToOtherTabletP95Ms } : {}),
		...(failures.length ? { failures: failures.length, firstFailure: failures[0] } : {})
	};
}

/** The same signed-in client, talking to another instance (sessions live in the shared database). */
function rebase(c, base) {
	const cookie = c.cookie();
	return {
		cookie: () => cookie,
		call: async (method, path, body) => {
			const response = await fetch(`${base}${path}`, {
				method,
				headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), cookie },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(180_000)
			});
			const text = await response.text();
			if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
			return text ? JSON.parse(text) : null;
		}
	};
}

async function streamMemory(server, owner) {
	const projectId = await newProject(owner, 'Bench: ventende strømmer');
	const before = rssKiB(server.pid);
	const closers = [];
	for (let i = 0; i < IDLE_STREAMS; i++) closers.push(await openStream(server.base, owner.cookie(), projectId, () => {}));
	await sleep(1000);
	const after = rssKiB(server.pid);
	for (const close of closers) close();
	return { streams: IDLE_STREAMS, rssBeforeKiB: before, rssAfterKiB: after, perStreamKiB: +((after - before) / IDLE_STREAMS).toFixed(1) };
}

async function measure(engine, instances, setupCode) {
	const { owner } = await setUp(instances[0].base, setupCode);
	const figures = { engine, instances: instances.length, loadAverage1m: +loadavg()[0].toFixed(2) };
	for (const n of SIZES) {
		figures[`tablets${n}`] = await round(instances, owner, n).catch((error) => ({ error: String(error.message ?? error) }));
		console.log(JSON.stringify({ bench: 'live', engine, tablets: n, ...figures[`tablets${n}`] }));
	}
	figures.memory = await streamMemory(instances[0], owner).catch((error) => ({ error: String(error.message ?? error) }));
	console.log(JSON.stringify({ bench: 'live', engine, memory: figures.memory }));
	return figures;
}

export async function benchLive({
	root = resolve(new URL('..', import.meta.url).pathname),
	buildDir = resolve(root, process.env.BUILD_DIR || 'build'),
	adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
} = {}) {
	if (!existsSync(join(buildDir, 'index.js'))) throw new Error(`No build at ${buildDir}: run \`npm run build\` first.`);
	const setupCode = process.env.SETUP_CODE || randomBytes(12).toString('hex');
	const cleanups = [];
	const cleanUp = async () => {
		while (cleanups.length) await cleanups.pop()().catch((error) => console.error(`[live] clean-up: ${error.message}`));
	};
	const deadline = setTimeout(() => {
		console.error(`[live] stopped: over ${RUN_DEADLINE_MS / 60_000} minutes`);
		void cleanUp().finally(() => process.exit(2));
	}, RUN_DEADLINE_MS);
	deadline.unref();
	const figures = {};
	try {
		const dataDir = mkdtempSync(join(tmpdir(), 'feltinnsikt-bench-live-'));
		cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
		const env = { ...baseEnv(), SETUP_CODE: setupCode, BODY_SIZE_LIMIT: '16M' };
		const lite = await startServer(root, buildDir, { ...env, DATA_DIR: dataDir });
		cleanups.push(lite.stop);
		figures.pglite = await measure('pglite', [lite], setupCode).catch((error) => ({ error: String(error.message ?? error), log: lite.log().slice(-2000) }));
		await lite.stop();
		const db = await freshDatabase(adminUrl);
		if (db.error) figures.postgres = { skipped: `PostgreSQL not reachable: ${db.error}` };
		else {
			cleanups.push(db.drop);
			const one = await startServer(root, buildDir, { ...env, DATA_DIR: join(dataDir, 'pg1'), DATABASE_URL: db.url });
			cleanups.push(one.stop);
			const two = await startServer(root, buildDir, { ...env, DATA_DIR: join(dataDir, 'pg2'), DATABASE_URL: db.url });
			cleanups.push(two.stop);
			figures.postgres = await measure('postgres', [one, two], setupCode).catch((error) => ({ error: String(error.message ?? error), log: one.log().slice(-2000) }));
		}
	} finally {
		await cleanUp();
		clearTimeout(deadline);
	}
	return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const live = await benchLive();
	console.log(JSON.stringify({ bench: 'feltinnsikt', date: new Date().toISOString(), budgets: { live: liveBudgets }, figures: { live } }, null, 2));
}
