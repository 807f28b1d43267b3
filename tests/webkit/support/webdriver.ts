// A small client for the W3C WebDriver protocol (https://www.w3.org/TR/webdriver2/), as
// WebKitWebDriver speaks it. The protocol is HTTP and JSON; a full client library would
// bring its own driver downloaders and browser installers along for what is a few dozen
// fetch calls, so the suite keeps the commands it uses here, typed.

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** A reference to an element in the page, as the protocol passes it in and out of scripts. */
export interface ElementRef {
	[ELEMENT_KEY]: string;
}

export class WebDriverError extends Error {
	constructor(
		readonly error: string,
		message: string,
		readonly command: string
	) {
		super(`${command}: ${error}: ${message}`);
	}
}

function isElementRef(value: unknown): value is ElementRef {
	return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[ELEMENT_KEY] === 'string';
}

async function call(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
	const response = await fetch(`${base}${path}`, {
		method,
		headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	let value: unknown;
	try {
		value = text ? (JSON.parse(text) as { value?: unknown }).value : undefined;
	} catch {
		throw new WebDriverError('invalid response', text.slice(0, 200), `${method} ${path}`);
	}
	if (!response.ok) {
		const failure = (value ?? {}) as { error?: string; message?: string };
		throw new WebDriverError(failure.error ?? String(response.status), failure.message ?? text.slice(0, 200), `${method} ${path}`);
	}
	return value;
}

/** Keys as the protocol names them (https://www.w3.org/TR/webdriver2/#keyboard-actions). */
export const Key = {
	Enter: '\uE007',
	Backspace: '\uE003',
	Shift: '\uE008',
	Home: '\uE011',
	End: '\uE010',
	ArrowLeft: '\uE012'
} as const;

export interface SessionOptions {
	/** The driver, e.g. `http://127.0.0.1:4444`. */
	driverUrl: string;
	/** Extra arguments for the browser after `--automation`. */
	browserArgs?: string[];
}

export class Session {
	private constructor(
		private readonly base: string,
		readonly id: string,
		readonly capabilities: Record<string, unknown>
	) {}

	static async open({ driverUrl, browserArgs = [] }: SessionOptions): Promise<Session> {
		const value = (await call(driverUrl, 'POST', '/session', {
			capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { args: ['--automation', ...browserArgs] } } }
		})) as { sessionId: string; capabilities: Record<string, unknown> };
		const session = new Session(`${driverUrl}/session/${value.sessionId}`, value.sessionId, value.capabilities);
		await session.send('POST', '/timeouts', { script: 30_000, pageLoad: 60_000, implicit: 0 });
		return session;
	}

	private send(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
		return call(this.base, method, path, body);
	}

	/** Ends the session; the browser process goes with it, no unload handlers awaited. */
	async close(): Promise<void> {
		await this.send('DELETE', '').catch(() => undefined);
	}

	async goto(url: string): Promise<void> {
		await this.send('POST', '/url', { url });
	}

	async url(): Promise<string> {
		return String(await this.send('GET', '/url'));
	}

	async reload(): Promise<void> {
		await this.send('POST', '/refresh', {});
	}

	async setWindowSize(width: number, height: number): Promise<void> {
		await this.send('POST', '/window/rect', { width, height });
	}

	/** The current window (tab). */
	async windowHandle(): Promise<string> {
		return String(await this.send('GET', '/window'));
	}

	/** Opens a new tab in the same browser (same storage) and resolves with its handle; stays on the current one. */
	async newWindow(): Promise<string> {
		const value = (await this.send('POST', '/window/new', { type: 'tab' })) as { handle: string };
		return value.handle;
	}

	/** Closes the current tab, as the user does; the session goes on while another tab is open. */
	async closeWindow(): Promise<void> {
		await this.send('DELETE', '/window');
	}

	async switchToWindow(handle: string): Promise<void> {
		await this.send('POST', '/window', { handle });
	}

	async title(): Promise<string> {
		return String(await this.send('GET', '/title'));
	}

	/**
	 * Runs a function body in the page with `arguments` as its parameters. Elements go in
	 * and come out as references.
	 */
	async execute<T>(script: string, ...args: unknown[]): Promise<T> {
		return (await this.send('POST', '/execute/sync', { script, args })) as T;
	}

	/** Runs a function body whose last argument is the callback that delivers its result. */
	async executeAsync<T>(script: string, ...args: unknown[]): Promise<T> {
		return (await this.send('POST', '/execute/async', { script, args })) as T;
	}

	async find(css: string, within?: ElementRef): Promise<ElementRef | null> {
		const path = within ? `/element/${within[ELEMENT_KEY]}/elements` : '/elements';
		const found = (await this.send('POST', path, { using: 'css selector', value: css })) as unknown[];
		const first = found.find(isElementRef);
		return first ?? null;
	}

	async click(element: ElementRef): Promise<void> {
		await this.send('POST', `/element/${element[ELEMENT_KEY]}/click`, {});
	}

	async clear(element: ElementRef): Promise<void> {
		await this.send('POST', `/element/${element[ELEMENT_KEY]}/clear`, {});
	}

	/** Types into an element as a user would (focus, then one key event per character). */
	async type(element: ElementRef, text: string): Promise<void> {
		await this.send('POST', `/element/${element[ELEMENT_KEY]}/value`, { text });
	}

	async text(element: ElementRef): Promise<string> {
		return String(await this.send('GET', `/element/${element[ELEMENT_KEY]}/text`));
	}

	async attribute(element: ElementRef, name: string): Promise<string | null> {
		const value = await this.send('GET', `/element/${element[ELEMENT_KEY]}/attribute/${encodeURIComponent(name)}`);
		return value === null ? null : String(value);
	}

	/** Presses keys in order on the focused element; `chord` keys are held down meanwhile. */
	async keys(sequence: string[], chord: string[] = []): Promise<void> {
		const down = (value: string) => ({ type: 'keyDown', value });
		const up = (value: string) => ({ type: 'keyUp', value });
		const actions = [...chord.map(down), ...sequence.flatMap((key) => [down(key), up(key)]), ...[...chord].reverse().map(up)];
		await this.send('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
		await this.send('DELETE', '/actions');
	}

	/** Types text on the focused element, one key at a time. */
	async typeKeys(text: string): Promise<void> {
		await this.keys([...text]);
	}
}
