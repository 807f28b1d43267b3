// Starts what the WebKit suite drives: an X display when there is none (Xvfb), and
// WebKitWebDriver, which launches one WebKitGTK browser per session. The tests get the
// drivers' addresses through `inject('webkitDrivers')`.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../e2e/support/appServer';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Each driver's address. */
		webkitDrivers: { url: string }[];
	}
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Starts Xvfb on a display it picks itself (`-displayfd`) and resolves with `:N`. */
function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
	return new Promise((resolve, reject) => {
		const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1280x24', '-nolisten', 'tcp'], {
			stdio: ['ignore', 'ignore', 'pipe', 'pipe']
		});
		let stderr = '';
		proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const fd3 = proc.stdio[3] as Readable;
		let out = '';
		fd3.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			if (out.includes('\n')) resolve({ display: `:${out.trim()}`, proc });
		});
		proc.once('error', reject);
		proc.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready:\n${stderr}`)));
	});
}

async function driverReady(url: string): Promise<boolean> {
	try {
		const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(1_000) });
		const body = (await response.json()) as { value?: { ready?: boolean } };
		return body.value?.ready === true;
	} catch {
		return false;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const children: ChildProcess[] = [];
	const stopAll = async () => {
		for (const child of children.reverse()) {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((done) => child.once('exit', done));
				child.kill('SIGTERM');
				await Promise.race([exited, sleep(3_000)]);
				if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			}
		}
	};

	try {
		let display = process.env.DISPLAY;
		if (!display) {
			const xvfb = await startXvfb();
			children.push(xvfb.proc);
			display = xvfb.display;
		}

		// Two drivers: WebKitWebDriver runs one session at a time, and two tablets syncing
		// need two browsers open together.
		const drivers: { url: string }[] = [];
		for (let i = 0; i < 2; i++) {
			const port = await freePort();
			const url = `http://127.0.0.1:${port}`;
			let log = '';
			const driver = spawn('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], {
				env: { ...process.env, DISPLAY: display },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			children.push(driver);
			driver.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
			driver.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
			const deadline = Date.now() + 20_000;
			while (!(await driverReady(url))) {
				if (driver.exitCode !== null || Date.now() > deadline) throw new Error(`WebKitWebDriver did not start on ${url}:\n${log}`);
				await sleep(150);
			}
			drivers.push({ url });
		}
		project.provide('webkitDrivers', drivers);
	} catch (error) {
		await stopAll();
		throw error;
	}
	return stopAll;
}
