// Finding things on the page the way a researcher does – by role and visible name, by
// label, by test id – and waiting for the app to get there. Plain WebDriver finds by CSS
// or XPath only; the names are looked up in the page by one script.

import type { ElementRef, Session } from './webdriver';

export type Name = string | RegExp;

export interface Query {
	/** `data-testid`. */
	testId?: string;
	/** Roles as the app's markup spells them: button, link, tab, textbox, group, heading, checkbox, searchbox, navigation. */
	role?: string;
	/** The accessible name: aria-label, aria-labelledby, the label, else the text. Exact string or pattern. */
	name?: Name;
	/** A form control by its label text (exact string or pattern). */
	label?: Name;
	/** Any element with this text (exact, after trimming) that has no child with the same text. */
	text?: Name;
	/** Only within the first element this query finds. */
	within?: Query;
	/** Also match elements that are hidden (e.g. a file input). */
	hidden?: boolean;
}

type WireName = { source: string; flags: string } | { exact: string };

interface WireQuery {
	testId?: string;
	role?: string;
	name?: WireName;
	label?: WireName;
	text?: WireName;
	within?: WireQuery;
	hidden?: boolean;
}

const wireName = (name: Name | undefined): WireName | undefined =>
	name === undefined ? undefined : typeof name === 'string' ? { exact: name } : { source: name.source, flags: name.flags };

function toWire(query: Query): WireQuery {
	return {
		testId: query.testId,
		role: query.role,
		name: wireName(query.name),
		label: wireName(query.label),
		text: wireName(query.text),
		within: query.within ? toWire(query.within) : undefined,
		hidden: query.hidden
	};
}

// Runs in the page: arguments[0] is a WireQuery; returns every matching element.
const FIND_SCRIPT = `
const roleSelectors = {
	button: 'button, [role=button], input[type=submit], input[type=button]',
	link: 'a[href], [role=link]',
	tab: '[role=tab]',
	textbox: '[role=textbox], textarea, input:not([type]), input[type=text], input[type=email], input[type=password]',
	searchbox: 'input[type=search], [role=searchbox]',
	checkbox: 'input[type=checkbox], [role=checkbox]',
	group: '[role=group], fieldset',
	heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
	navigation: 'nav, [role=navigation]'
};
const squash = (s) => (s || '').replace(/\\s+/g, ' ').trim();
const matches = (wire, value) => {
	if (!wire) return true;
	const v = squash(value);
	return 'exact' in wire ? v === wire.exact : new RegExp(wire.source, wire.flags).test(v);
};
const byIds = (ids) => ids.split(/\\s+/).map((id) => document.getElementById(id)).filter(Boolean).map((e) => spokenText(e)).join(' ');
const labelText = (el) => {
	if (el.labels && el.labels.length) return Array.from(el.labels).map((l) => l.textContent).join(' ');
	return '';
};
// Text as assistive technology reads it: without what is marked aria-hidden (icons).
const spokenText = (el) => {
	if (!el.querySelector('[aria-hidden=true]')) return el.textContent;
	const copy = el.cloneNode(true);
	copy.querySelectorAll('[aria-hidden=true]').forEach((hidden) => hidden.remove());
	return copy.textContent;
};
const accessibleName = (el) => {
	if (el.getAttribute('aria-labelledby')) return byIds(el.getAttribute('aria-labelledby'));
	if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
	const label = labelText(el);
	if (label) return label;
	if (el.tagName === 'FIELDSET') { const legend = el.querySelector('legend'); if (legend) return legend.textContent; }
	if (el.tagName === 'INPUT') return el.value || el.getAttribute('title') || '';
	return spokenText(el);
};
const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
const find = (q, root) => {
	if (q.within) { const scope = find(q.within, root)[0]; if (!scope) return []; root = scope; }
	let candidates;
	if (q.role) candidates = Array.from(root.querySelectorAll(roleSelectors[q.role] || '[role=' + q.role + ']'));
	else if (q.label) candidates = Array.from(root.querySelectorAll('input, textarea, select, [role=textbox], [aria-label]'));
	else if (q.testId) candidates = Array.from(root.querySelectorAll('[data-testid="' + q.testId + '"]'));
	else candidates = Array.from(root.querySelectorAll('*'));
	return candidates.filter((el) =>
		(!q.testId || el.getAttribute('data-testid') === q.testId) &&
		matches(q.name, q.role ? accessibleName(el) : null) &&
		(!q.label || matches(q.label, el.getAttribute('aria-label') || labelText(el))) &&
		(!q.text || (matches(q.text, el.textContent) && !Array.from(el.children).some((c) => matches(q.text, c.textContent)))) &&
		(q.hidden || visible(el))
	);
};
return find(arguments[0], document);
`;

/** Every element the query matches right now. */
export async function findAll(session: Session, query: Query): Promise<ElementRef[]> {
	return session.execute<ElementRef[]>(FIND_SCRIPT, toWire(query));
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls `probe` until it gives a truthy value; fails with `what` and the last value when time runs out. */
export async function waitFor<T>(probe: () => Promise<T>, what: string, timeoutMs = 30_000): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			last = await probe();
			if (last) return last as NonNullable<T>;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
		await sleep(150);
	}
}

export function describe(query: Query): string {
	return JSON.stringify(toWire(query));
}

/** Where the page is and what it says, for a failure message. */
async function pageSummary(session: Session): Promise<string> {
	try {
		return await session.execute<string>(
			"return location.pathname + ': ' + document.body.innerText.replace(/\\s+/g, ' ').slice(0, 1200);"
		);
	} catch (error) {
		return `(page not readable: ${(error as Error).message})`;
	}
}

/** Like `waitFor`, and a timeout says what the page showed. */
async function waitOnPage<T>(session: Session, probe: () => Promise<T>, what: string, timeoutMs?: number): Promise<NonNullable<T>> {
	try {
		return await waitFor(probe, what, timeoutMs);
	} catch (error) {
		throw new Error(`${(error as Error).message}\n  page: ${await pageSummary(session)}`, { cause: error });
	}
}

/** The first element the query matches, waiting for it to appear. */
export async function get(session: Session, query: Query, timeoutMs?: number): Promise<ElementRef> {
	return waitOnPage(session, async () => (await findAll(session, query))[0] ?? null, describe(query), timeoutMs);
}

export async function click(session: Session, query: Query): Promise<void> {
	await session.click(await get(session, query));
}

/** Replaces a field's value by typing, as a user would. */
export async function fill(session: Session, query: Query, value: string): Promise<void> {
	const element = await get(session, query);
	await session.clear(element);
	if (value) await session.type(element, value);
}

/** Waits until no element matches. */
export async function gone(session: Session, query: Query, timeoutMs?: number): Promise<void> {
	await waitOnPage(session, async () => (await findAll(session, query)).length === 0, `no ${describe(query)}`, timeoutMs);
}

/** The element's text as written in the markup (WebDriver's own text is the rendered one, after text-transform). */
export async function textContent(session: Session, element: ElementRef): Promise<string> {
	return session.execute<string>("return (arguments[0].textContent || '').replace(/\\s+/g, ' ').trim();", element);
}

/** Waits until some element the query matches has a text that contains every one of `parts`; resolves with that text. */
export async function someHasText(session: Session, query: Query, parts: string[], timeoutMs?: number): Promise<string> {
	return waitOnPage(
		session,
		async () => {
			for (const element of await findAll(session, query)) {
				const text = await textContent(session, element);
				if (parts.every((part) => text.includes(part))) return text;
			}
			return null;
		},
		`${describe(query)} with ${JSON.stringify(parts)}`,
		timeoutMs
	);
}

/** Waits until the element's text contains `expected`. */
export async function hasText(session: Session, query: Query, expected: string, timeoutMs?: number): Promise<void> {
	await waitOnPage(
		session,
		async () => {
			const element = (await findAll(session, query))[0];
			return element ? (await session.text(element)).includes(expected) : false;
		},
		`${describe(query)} to contain ${JSON.stringify(expected)}`,
		timeoutMs
	);
}

/** Waits until the element's attribute has the value. */
export async function hasAttribute(session: Session, query: Query, name: string, value: string, timeoutMs?: number): Promise<void> {
	await waitOnPage(
		session,
		async () => {
			const element = (await findAll(session, query))[0];
			return element ? (await session.attribute(element, name)) === value : false;
		},
		`${describe(query)} [${name}=${value}]`,
		timeoutMs
	);
}

/** Waits until the page's path is `path` (or matches it). */
export async function atPath(session: Session, path: string | RegExp, timeoutMs?: number): Promise<string> {
	return waitOnPage(
		session,
		async () => {
			const current = new URL(await session.url()).pathname;
			return (typeof path === 'string' ? current === path : path.test(current)) ? current : null;
		},
		`the path ${String(path)}`,
		timeoutMs
	);
}
