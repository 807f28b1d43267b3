// A private app server for tests that need to take the server away (not just
// `context.setOffline`): it runs the built app (`node build`, produced by the Playwright
// webServer step or `npm run build`) on its own free port, and can be stopped and started
// again on the same port, so the browser sees the same origin (same service worker, same
// IndexedDB) come and go.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
// A build of its own (BUILD_DIR) when several builds share one machine.
export const BUILD_DIR = resolve(ROOT, process.env.BUILD_DIR || 'build');
/** The first-run setup code every test server starts with (SETUP_CODE), so a test can set up the owner. */
export const E2E_SETUP_CODE = 'E2E-TEST-SETUP';
const HOST = '127.0.0.1';

export interface AppServerOptions {
	/** Fixed port; a free one is picked when omitted. */
	port?: number;
	/** Extra environment for the server process (e.g. a data folder or DATABASE_URL). */
	env?: Record<string, string>;
	/** How long to wait for /api/health after starting. */
	startTimeoutMs?: number;
	/**
	 * The adapter-node output to run; `build/` by default. A test can copy it and change
	 * the copy to play a new release.
	 */
	buildDir?: string;
}

export interface AppServer {
	/** Origin of the server, e.g. `http://127.0.0.1:41234` (no trailing slash). */
	readonly url: string;
	readonly port: number;
	readonly running: boolean;
	/** Starts the server (again) on the same port and waits until /api/health answers. */
	start(): Promise<void>;
	/**
	 * Stops the server. SIGTERM lets it shut down in order; SIGKILL simulates a crash.
	 * Falls back to SIGKILL if it has not exited within `timeoutMs`.
	 */
	stop(options?: { signal?: 'SIGTERM' | 'SIGKILL'; timeoutMs?: number }): Promise<void>;
	/** Everything the server printed, for failure messages. */
	output(): string;
}

export async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.unref();
		probe.on('error', reject);
		probe.listen(0, HOST, () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolvePort(port));
		});
	});
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function healthy(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1_000) });
		if (!response.ok) return false;
		const body: unknown = await response.json();
		return typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === true;
	} catch {
		return false;
	}
}

/** Starts the built app on its own port; call `stop()` when done (e.g. in `afterEach`). */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
	const serverEntry = resolve(options.buildDir ?? BUILD_DIR, 'index.js');
	if (!existsSync(serverEntry)) {
		throw new Error(`No build at ${serverEntry}: run \`npm run build\` first.`);
	}
	const port = options.port ?? (await freePort());
	const url = `http://${HOST}:${port}`;
	const startTimeoutMs = options.startTimeoutMs ?? 30_000;
	let child: ChildProcess | null = null;
	let log = '';

	const server: AppServer = {
		url,
		port,
		get running() {
			return child !== null;
		},
		output: () => log,

		async start() {
			if (child) return;
			const proc = spawn(process.execPath, [serverEntry], {
				cwd: ROOT,
				env: {
					...process.env,
					// Keep an orderly stop short; tests stop servers on purpose.
					SHUTDOWN_TIMEOUT: '2',
					// As `npm start` runs it: pushes and attachment chunks are larger than adapter-node's default.
					BODY_SIZE_LIMIT: '16M',
					SETUP_CODE: E2E_SETUP_CODE,
					...options.env,
					PORT: String(port),
					HOST
				},
				stdio: ['ignore', 'pipe', 'pipe']
			});
			child = proc;
			const append = (chunk: Buffer) => {
				log += chunk.toString();
			};
			proc.stdout?.on('data', append);
			proc.stderr?.on('data', append);
			let exited = false;
			proc.once('exit', () => {
				exited = true;
				if (child === proc) child = null;
			});

			const deadline = Date.now() + startTimeoutMs;
			while (Date.now() < deadline) {
				if (exited) {
					throw new Error(`App server on port ${port} exited during start:\n${log}`);
				}
				if (await healthy(url)) return;
				await sleep(100);
			}
			await server.stop({ signal: 'SIGKILL' });
			throw new Error(`App server on port ${port} did not answer /api/health in time:\n${log}`);
		},

		async stop({ signal = 'SIGTERM', timeoutMs = 10_000 } = {}) {
			const proc = child;
			if (!proc) return;
			const exited = new Promise<void>((done) => {
				if (proc.exitCode !== null || proc.signalCode !== null) done();
				else proc.once('exit', () => done());
			});
			proc.kill(signal);
			const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
			await exited;
			clearTimeout(timer);
			if (child === proc) child = null;
		}
	};

	await server.start();
	return server;
}
