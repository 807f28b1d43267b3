// `server.load`: the sync server under many tablets, on PGlite and on PostgreSQL side by side.
//
// Starts two built servers on free loopback ports (PGlite in a temporary data folder, and
// PostgreSQL in a fresh database made for the run and dropped afterwards; PostgreSQL is
// skipped with a note when it cannot be reached), and on each:
// - load: N tablets, each its own member with its own session, push 20 changes (whole rows)
//   and then pull the project to the end, all at once;
// - sustained: one client pushes 10 000 changes in pages of 1000 and pulls them back;
// - pushAloneMs: one tablet's push with no other traffic, to read the load figures against.
// Figures, not assertions: each sits beside its budget from docs/decisions.md.
//
// Every request goes to 127.0.0.1, has a timeout, and the whole run has a deadline.
// Run alone: `node scripts/bench-server.mjs --tablets 50` or `npm run bench -- server.load`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { uuidv7 } from 'uuidv7';

const HOST = '127.0.0.1';
/** Budgets from docs/decisions.md. */
export const serverBudgets = { pushP95Ms: { postgres: 1000, pglite: 2000 }, sustainedChangesPerSec: 5000 };
/** One request may take this long before it counts as failed (the unimproved server needs minutes under load). */
const REQUEST_TIMEOUT_MS = 180_000;
/** The whole measurement stops by itself after this, whatever state it is in. */
const RUN_DEADLINE_MS = 30 * 60_000;
const MAX_TABLETS = 500;
const PAGE = 1000;
/** What one "write" of a tablet sends: an entry (15 fields) and a session note (5 fields) = 20 changes. */
const CHANGES_PER_WRITE = 20;

export function freePort() {
	return new Promise((done, fail) => {
		const probe = createServer();
		probe.on('error', fail);
		probe.listen(0, HOST, () => {
			const { port } = probe.address();
			probe.close(() => done(port));
		});
	});
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

export function percentile(values, p) {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

export function summary(values) {
	return { p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.round(Math.max(...values)) : null };
}

/** A hybrid logical clock stamp generator, as src/lib/sync/hlc.ts formats them: all fields of one write share a stamp. */
function clock(node) {
	let last = { millis: 0, counter: 0 };
	return () => {
		const wall = Date.now();
		last = wall > last.millis ? { millis: wall, counter: 0 } : last.counter < 0xffff ? { millis: last.millis, counter: last.counter + 1 } : { millis: last.millis + 1, counter: 0 };
		return `${String(last.millis).padStart(15, '0')}:${last.counter.toString(16).padStart(4, '0')}:${node}`;
	};
}

const quote = 'Jeg visste ikke hvem jeg skulle ringe, så jeg ventet bare til noen la merke til at jeg ikke kom på skolen lenger. ';
const noteText = 'Samtale på biblioteket etter skoletid. Snakket om bussen, timeplanen og hva som skjedde da kontaktlæreren sluttet. ';

/**
 * One write as a tablet makes it: a new quote and the note of a new session, each row whole
 * (every field of its row schema except id, updatedAt and projectId), one change per field,
 * one HLC per row (src/lib/domain/entry.ts, note.ts; wire format src/lib/sync/wire.ts).
 */
function write(userId, tick, i) {
	const createdAt = new Date().toISOString();
	const entryId = uuidv7();
	const sessionId = uuidv7();
	const entry = {
		createdAt,
		createdBy: userId,
		deleted: 0,
		kind: 'quote',
		text: `${quote}(${i})`,
		sessionId: null,
		highlightId: null,
		participantId: null,
		source: '',
		unknown: null,
		recordingOffsetMs: null,
		attachmentId: null,
		reviewStatus: 'new',
		reviewedBy: null,
		reviewedAt: null
	};
	const note = { createdAt, createdBy: userId, deleted: 0, sessionId, text: noteText.repeat(3) };
	const changes = [];
	for (const [table, rowId, row] of [['entries', entryId, entry], ['notes', `note:${sessionId}`, note]]) {
		const hlc = tick();
		for (const [field, value] of Object.entries(row)) changes.push({ opId: uuidv7(), hlc, table, rowId, field, value });
	}
	return changes;
}

export function writes(userId, node, count) {
	const tick = clock(node);
	const changes = [];
	for (let i = 0; changes.length < count; i++) changes.push(...write(userId, tick, i));
	return changes;
}

/** A signed-in client of one server: its own cookie, JSON in and out, every request bounded. */
export function client(base) {
	let cookie = '';
	async function call(method, path, body) {
		const response = await fetch(`${base}${path}`, {
			method,
			headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
		});
		const set = response.headers.getSetCookie().map((c) => c.split(';')[0]).filter((c) => !c.endsWith('='));
		if (set.length) cookie = set.join('; ');
		const text = await response.text();
		const json = text ? JSON.parse(text) : null;
		if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text.slice(0, 300)}`);
		return json;
	}
	return { call, cookie: () => cookie };
}

export const push = (c, projectId, changes) => c.call('POST', `/api/projects/${projectId}/sync/push`, { changes });

/** Pulls from `after` to the end; returns how many changes came and in how many pages. */
export async function pullAll(c, projectId, after = 0) {
	let cursor = after;
	let count = 0;
	let pages = 0;
	for (let more = true; more; pages++) {
		if (pages > 10_000) throw new Error('pull does not end');
		const page = await c.call('GET', `/api/projects/${projectId}/sync/pull?after=${cursor}`);
		count += page.changes.length;
		cursor = page.cursor;
		more = page.hasMore;
	}
	return { count, pages, cursor };
}

export function pushResult(result) {
	const rejected = result.rejected ?? [];
	if (rejected.length) throw new Error(`push refused ${rejected.length}: ${rejected[0].code} ${rejected[0].message}`);
	return result.accepted.length;
}

const password = () => `bench-${randomBytes(18).toString('hex')}`;

/** Owner by first-run setup (with the setup code when the server asks for one), one project per phase. */
export async function setUp(base, setupCode) {
	const owner = client(base);
	const { user } = await owner.call('POST', '/api/auth/setup', {
		email: 'owner@bench.invalid',
		password: password(),
		displayName: 'Bench owner',
		setupCode
	});
	return { owner, ownerId: user.id };
}

export async function newProject(owner, name) {
	const id = crypto.randomUUID();
	await owner.call('POST', '/api/projects', { id, name });
	return id;
}

/** N researchers, each invited and signed up through their invite: N separate sessions. */
export async function members(base, owner, projectId, count) {
	const tablets = [];
	// Unique per call: a bench that builds several teams on one server (live: 2, 10, 50) must not reuse an address.
	const team = randomBytes(4).toString('hex');
	// One after another: signing up hashes a password, and parallel invite use is rate-limited per address.
	for (let i = 0; i < count; i++) {
		const { code } = await owner.call('POST', `/api/projects/${projectId}/invites`, { role: 'researcher' });
		const c = client(base);
		const { user } = await c.call('POST', `/api/invites/${code}/accept`, {
			email: `tablet${i}-${team}@bench.invalid`,
			password: password(),
			displayName: `Nettbrett ${i + 1}`
		});
		tablets.push({ c, userId: user.id, node: randomBytes(8).toString('hex') });
	}
	return tablets;
}

async function load(base, owner, tablets, projectId, changesPerTablet, pushBudgetMs) {
	const batches = tablets.map((t) => writes(t.userId, t.node, changesPerTablet));
	const pushMs = [];
	const pullMs = [];
	const failures = [];
	let accepted = 0;
	const t0 = performance.now();
	let lastPushDone = t0;
	await Promise.all(
		tablets.map(async (t, i) => {
			try {
				let start = performance.now();
				const count = pushResult(await push(t.c, projectId, batches[i]));
				accepted += count;
				lastPushDone = Math.max(lastPushDone, performance.now());
				pushMs.push(performance.now() - start);
				start = performance.now();
				await pullAll(t.c, projectId, 0);
				pullMs.push(performance.now() - start);
			} catch (error) {
				failures.push(String(error.message ?? error));
			}
		})
	);
	const wallMs = performance.now() - t0;
	const stored = (await pullAll(owner, projectId, 0)).count;
	const pushed = batches.reduce((sum, b) => sum + b.length, 0);
	const pushFigures = summary(pushMs);
	return {
		tablets: tablets.length,
		changesPerTablet: batches[0]?.length ?? 0,
		pushMs: { ...pushFigures, budget: { p95: pushBudgetMs }, withinBudget: failures.length === 0 && pushFigures.p95 !== null && pushFigures.p95 <= pushBudgetMs },
		pullMs: summary(pullMs),
		pushedChangesPerSec: Math.round(accepted / ((lastPushDone - t0) / 1000)),
		roundChangesPerSec: Math.round(accepted / (wallMs / 1000)),
		wallMs: Math.round(wallMs),
		accepted,
		stored,
		allStored: stored === pushed,
		...(failures.length ? { failures: failures.length, firstFailure: failures[0] } : {})
	};
}

/**
 * One tablet's push of `size` changes with nothing else going on, `times` in a row: what a
 * push costs by itself. Pushes to one project queue on its lock, so under load a push waits
 * for about (tablets ahead of it) × this.
 */
async function alone(owner, ownerId, projectId, size, times = 10) {
	const ms = [];
	const node = randomBytes(8).toString('hex');
	for (let i = 0; i < times; i++) {
		const changes = writes(ownerId, node, size);
		const start = performance.now();
		pushResult(await push(owner, projectId, changes));
		ms.push(performance.now() - start);
	}
	return { changesPerPush: size, pushes: times, ...summary(ms) };
}

async function sustained(owner, ownerId, projectId, total) {
	const changes = writes(ownerId, randomBytes(8).toString('hex'), total);
	const pageMs = [];
	const t0 = performance.now();
	for (let i = 0; i < changes.length; i += PAGE) {
		const start = performance.now();
		pushResult(await push(owner, projectId, changes.slice(i, i + PAGE)));
		pageMs.push(performance.now() - start);
	}
	const pushSec = (performance.now() - t0) / 1000;
	const t1 = performance.now();
	const pulled = await pullAll(owner, projectId, 0);
	const pullSec = (performance.now() - t1) / 1000;
	const budget = serverBudgets.sustainedChangesPerSec;
	const pushRate = Math.round(changes.length / pushSec);
	const pullRate = Math.round(pulled.count / pullSec);
	return {
		changes: changes.length,
		pageSize: PAGE,
		push: { changesPerSec: pushRate, pageMs: summary(pageMs), budget, withinBudget: pushRate >= budget },
		pull: { changesPerSec: pullRate, changes: pulled.count, pages: pulled.pages, budget, withinBudget: pullRate >= budget && pulled.count === changes.length }
	};
}

/** Starts `build/index.js` (or BUILD_DIR's) with `env` on a free port and waits for /api/health. */
export async function startServer(root, buildDir, env) {
	const port = await freePort();
	const base = `http://${HOST}:${port}`;
	let log = '';
	const proc = spawn(process.execPath, [join(buildDir, 'index.js')], {
		cwd: root,
		env: { ...env, PORT: String(port), HOST, SHUTDOWN_TIMEOUT: '2' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	proc.stdout.on('data', (chunk) => (log = (log + chunk).slice(-20_000)));
	proc.stderr.on('data', (chunk) => (log = (log + chunk).slice(-20_000)));
	let exited = false;
	proc.once('exit', () => (exited = true));
	const stop = async () => {
		if (exited) return;
		proc.kill('SIGTERM');
		for (let i = 0; i < 50 && !exited; i++) await sleep(100);
		if (!exited) proc.kill('SIGKILL');
	};
	for (let i = 0; i < 600; i++) {
		if (exited) throw new Error(`server exited at start:\n${log}`);
		const ok = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
		if (ok) return { base, stop, log: () => log, pid: proc.pid };
		await sleep(100);
	}
	await stop();
	throw new Error(`server did not answer /api/health within 60 s:\n${log}`);
}

async function measureEngine(engine, server, setupCode, { tablets, changesPerTablet, sustainedChanges }) {
	const { owner, ownerId } = await setUp(server.base, setupCode);
	const loadProject = await newProject(owner, 'Bench: mange nettbrett');
	const t0 = performance.now();
	const team = await members(server.base, owner, loadProject, tablets);
	const setupMs = Math.round(performance.now() - t0);
	// Other work on the machine skews every figure: say how busy it was.
	const figures = { engine, membersSetupMs: setupMs, loadAverage1m: +loadavg()[0].toFixed(2) };
	figures.pushAloneMs = await alone(owner, ownerId, await newProject(owner, 'Bench: ett nettbrett'), changesPerTablet);
	figures.load = await load(server.base, owner, team, loadProject, changesPerTablet, serverBudgets.pushP95Ms[engine]);
	figures.sustained = await sustained(owner, ownerId, await newProject(owner, 'Bench: én klient'), sustainedChanges);
	return figures;
}

export function baseEnv() {
	const env = { ...process.env };
	delete env.DATABASE_URL;
	delete env.DATA_DIR;
	return env;
}

/** A fresh database on the PostgreSQL server of `adminUrl` (its own database for admin work), or why not. */
export async function freshDatabase(adminUrl) {
	const admin = postgres(adminUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
	const name = `feltinnsikt_bench_${process.pid}_${Date.now().toString(36)}`;
	try {
		await admin`select 1`;
		await admin.unsafe(`create database ${name}`);
	} catch (error) {
		await admin.end({ timeout: 1 }).catch(() => {});
		return { error: String(error.message ?? error) };
	}
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => admin.unsafe(`drop database if exists ${name}`));
			await admin.end({ timeout: 5 });
		}
	};
}

/**
 * Runs `server.load` on both engines, one after the other (they share the machine's cores),
 * and returns `{ pglite, postgres }` figures.
 */
export async function benchServer({
	root = resolve(new URL('..', import.meta.url).pathname),
	buildDir = resolve(root, process.env.BUILD_DIR || 'build'),
	tablets = 50,
	changesPerTablet = CHANGES_PER_WRITE,
	sustainedChanges = 10_000,
	adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
} = {}) {
	if (!Number.isInteger(tablets) || tablets < 1 || tablets > MAX_TABLETS) throw new Error(`tablets must be 1…${MAX_TABLETS}`);
	if (!existsSync(join(buildDir, 'index.js'))) throw new Error(`No build at ${buildDir}: run \`npm run build\` first.`);
	const options = { tablets, changesPerTablet, sustainedChanges };
	const setupCode = process.env.SETUP_CODE || randomBytes(12).toString('hex');
	const cleanups = [];
	const cleanUp = async () => {
		while (cleanups.length) await cleanups.pop()().catch((error) => console.error(`[server.load] clean-up: ${error.message}`));
	};
	const deadline = setTimeout(() => {
		console.error(`[server.load] stopped: over ${RUN_DEADLINE_MS / 60_000} minutes`);
		void cleanUp().finally(() => process.exit(2));
	}, RUN_DEADLINE_MS);
	deadline.unref();
	const figures = {};
	try {
		const dataDir = mkdtempSync(join(tmpdir(), 'feltinnsikt-bench-'));
		cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
		const db = await freshDatabase(adminUrl);
		let pg = null;
		if (db.error) console.error(`[server.load] PostgreSQL not reachable (${db.error}): measuring PGlite only.`);
		else cleanups.push(db.drop);
		const lite = await startServer(root, buildDir, { ...baseEnv(), DATA_DIR: dataDir, SETUP_CODE: setupCode });
		cleanups.push(lite.stop);
		if (!db.error) {
			pg = await startServer(root, buildDir, { ...baseEnv(), DATA_DIR: join(dataDir, 'pg'), DATABASE_URL: db.url, SETUP_CODE: setupCode });
			cleanups.push(pg.stop);
		}
		figures.pglite = await measureEngine('pglite', lite, setupCode, options).catch((error) => ({ error: String(error.message ?? error), log: lite.log().slice(-2000) }));
		figures.postgres = pg
			? await measureEngine('postgres', pg, setupCode, options).catch((error) => ({ error: String(error.message ?? error), log: pg.log().slice(-2000) }))
			: { skipped: `PostgreSQL not reachable: ${db.error}` };
	} finally {
		await cleanUp();
		clearTimeout(deadline);
	}
	return figures;
}

/** `--tablets N` on the command line, else BENCH_TABLETS, else 50. */
export function tabletsFromArgs(argv = process.argv.slice(2), env = process.env) {
	const i = argv.indexOf('--tablets');
	const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--tablets='))?.slice('--tablets='.length) ?? env.BENCH_TABLETS;
	const tablets = raw === undefined ? 50 : Number(raw);
	if (!Number.isInteger(tablets) || tablets < 1 || tablets > MAX_TABLETS) throw new Error(`--tablets must be a whole number 1…${MAX_TABLETS}, not ${raw}`);
	return tablets;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const server = await benchServer({ tablets: tabletsFromArgs() });
	console.log(JSON.stringify({ bench: 'feltinnsikt', date: new Date().toISOString(), budgets: { server: serverBudgets }, figures: { server } }, null, 2));
}
