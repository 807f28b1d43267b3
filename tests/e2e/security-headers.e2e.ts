import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { loadDemo, nav } from './pages/app';
import { reviewNav } from './pages/review';
import { expectShellRendered, waitForServiceWorkerControl } from './support/serviceWorker';

// The app's pages carry a strict Content-Security-Policy and anti-framing headers. These
// tests walk the main screens online and the cached shell offline and count every
// CSP violation the browser reports: a policy that the app itself breaks would either be
// loosened by the next person who meets it or silently break a screen in the field.

interface Violation {
	directive: string;
	blocked: string;
	sample: string;
	source: string;
}

/**
 * Collects `securitypolicyviolation` events from every document the page loads (reloads
 * and offline starts included) and the browser's own console reports about the policies.
 */
async function collectViolations(page: Page): Promise<string[]> {
	const found: string[] = [];
	await page.exposeFunction('reportCspViolation', (v: Violation) => {
		found.push(`${v.directive} blocked ${v.blocked || '(inline)'} at ${v.source}: ${v.sample}`);
	});
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = (window as unknown as { reportCspViolation: (v: Violation) => void }).reportCspViolation;
			report({
				directive: event.effectiveDirective,
				blocked: event.blockedURI,
				sample: event.sample,
				source: `${event.sourceFile}:${event.lineNumber}`
			});
		});
	});
	page.on('console', (message) => {
		const text = message.text();
		// Also the browser's complaints about the Permissions-Policy header (an unknown feature).
		if ((message.type() === 'error' || message.type() === 'warning') && /Content Security Policy|Refused to|Permissions-Policy/.test(text)) {
			found.push(`console: ${text}`);
		}
	});
	return found;
}

function expectStrictCsp(csp: string | undefined): void {
	expect(csp, 'a Content-Security-Policy header').toBeTruthy();
	const directives = new Map(
		csp!
			.split(';')
			.map((part) => part.trim().split(/\s+/))
			.map(([name, ...values]) => [name, values] as const)
	);
	expect(directives.get('default-src')).toEqual(["'self'"]);
	expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
	expect(directives.get('object-src')).toEqual(["'none'"]);
	expect(directives.get('base-uri')).toEqual(["'self'"]);
	expect(directives.get('form-action')).toEqual(["'self'"]);
	expect(directives.get('connect-src')).toEqual(["'self'"]);
	// Scripts: our own files and SvelteKit's start script by its hash, nothing inline else.
	const scripts = directives.get('script-src') ?? [];
	expect(scripts).toContain("'self'");
	expect(scripts.some((value) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(value))).toBe(true);
	expect(scripts).not.toContain("'unsafe-inline'");
	expect(scripts).not.toContain("'unsafe-eval'");
}

function expectAntiFramingAndPrivacy(headers: Record<string, string>): void {
	expect(headers['x-frame-options']).toBe('DENY');
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('same-origin');
	expect(headers['cross-origin-opener-policy']).toBe('same-origin');
	expect(headers['permissions-policy']).toContain('microphone=(self)');
	expect(headers['permissions-policy']).toContain('camera=(self)');
	expect(headers['permissions-policy']).toContain('geolocation=()');
}

/** A small JPEG made in the page. */
async function smallJpeg(page: Page): Promise<Buffer> {
	const base64 = await page.evaluate(async () => {
		const canvas = new OffscreenCanvas(400, 300);
		const context = canvas.getContext('2d')!;
		context.fillStyle = '#1d4e89';
		context.fillRect(0, 0, 400, 300);
		const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg' })).arrayBuffer());
		let binary = '';
		for (const byte of bytes) binary += String.fromCharCode(byte);
		return btoa(binary);
	});
	return Buffer.from(base64, 'base64');
}

test('every main screen runs under the strict policy, online and from the offline shell', async ({ page, context }) => {
	// Walks every screen, then again offline: on a loaded two-core machine this takes a while.
	test.setTimeout(180_000);
	const violations = await collectViolations(page);

	const first = await page.goto('/');
	expect(first?.status()).toBe(200);
	expectStrictCsp(first?.headers()['content-security-policy']);
	expectAntiFramingAndPrivacy(first!.headers());

	// A deep link is the same shell with the same headers.
	const deep = await page.request.get('/settings');
	expectStrictCsp(deep.headers()['content-security-policy']);
	expectAntiFramingAndPrivacy(deep.headers());

	await loadDemo(page);
	await waitForServiceWorkerControl(page);

	// Capture, then a session: the notes editor (Tiptap) with some typing, and a short
	// recording (microphone, played back from a blob: URL).
	await expect(page.getByTestId('quick-capture')).toBeVisible();
	await page.getByTestId('session-list').getByRole('link', { name: /Samtale på ungdomsklubben Fyret/ }).click();
	await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
	const editor = page.getByRole('textbox', { name: 'Notater fra økta' });
	await expect(editor.locator('p').first()).not.toBeEmpty();
	await editor.locator('p').last().click();
	await page.keyboard.press('End');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Skrevet under streng CSP.');
	await expect(page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
	const media = page.getByTestId('session-media');
	await media.getByRole('button', { name: 'Ta opp lyd' }).click();
	await expect(media.getByTestId('media-clock')).toHaveText('0:01', { timeout: 5_000 });
	await media.getByRole('button', { name: 'Stopp opptaket' }).click();
	await expect(media.getByTestId('recording').locator('audio')).toHaveAttribute('src', /^blob:/);

	// A photo in a session whose participants allow photos: shown from a blob: URL.
	await page.goto('/capture');
	await page.getByTestId('session-list').getByRole('link', { name: /Verksted med lærere og helsesykepleiere/ }).click();
	await media.getByTestId('media-photo-input').setInputFiles({ name: 'tavle.jpg', mimeType: 'image/jpeg', buffer: await smallJpeg(page) });
	await expect(media.getByTestId('photo').first().locator('img')).toHaveJSProperty('complete', true);

	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(page.getByTestId('entry-list')).toBeVisible();
	await nav(page).getByRole('link', { name: 'Kart' }).click();
	await expect(page.getByTestId('map-grid')).toBeVisible();
	await nav(page).getByRole('link', { name: 'Gjennomgang' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Gjennomgang' })).toBeVisible();
	await reviewNav(page).getByRole('link', { name: 'Tavler' }).click();
	await page.getByLabel('Navn på ny tavle').fill('CSP-tavle');
	await page.getByRole('button', { name: 'Lag tavle' }).click();
	await expect(page).toHaveURL(/\/review\/boards\/[^/]+$/);
	await page.goto('/codebook');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.goto('/participants');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await nav(page).getByRole('link', { name: 'Innstillinger' }).click();
	await page.getByTestId('export-link').click();
	await expect(page.getByRole('heading', { name: 'Eksport og sikkerhetskopi', level: 1 })).toBeVisible();

	// Offline: the service worker answers with its cached shell, and the cached shell keeps
	// the policy it was stored with (a <meta> policy could not carry frame-ancestors).
	await context.setOffline(true);
	const offline = await page.reload();
	expect(offline?.fromServiceWorker()).toBe(true);
	await expectShellRendered(page);
	expectStrictCsp(offline?.headers()['content-security-policy']);
	expectAntiFramingAndPrivacy(offline!.headers());
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(page.getByTestId('entry-list')).toBeVisible();
	const offlineDeep = await page.goto('/map');
	expect(offlineDeep?.fromServiceWorker()).toBe(true);
	await expect(page.getByTestId('map-grid')).toBeVisible();
	await context.setOffline(false);

	expect(violations, violations.join('\n')).toEqual([]);
});

test('another site cannot show the app in a frame', async ({ page, baseURL }) => {
	// A real page on another origin (another port on this machine: Chrome refuses a public
	// origin's frame of a loopback address before our headers would even be read).
	const framer = createServer((_request, response) => {
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end(`<!doctype html><title>Another site</title><iframe src="${baseURL}/settings"></iframe>`);
	});
	await new Promise<void>((listening) => framer.listen(0, '127.0.0.1', listening));
	try {
		const { port } = framer.address() as AddressInfo;
		const refusals: string[] = [];
		page.on('console', (message) => {
			if (message.text().includes("frame-ancestors 'none'")) refusals.push(message.text());
		});
		const appResponse = page.waitForResponse((response) => response.url() === `${baseURL}/settings`);
		await page.goto(`http://127.0.0.1:${port}/`);
		expect((await appResponse).headers()['content-security-policy']).toContain("frame-ancestors 'none'");

		await expect.poll(() => refusals.length, 'the browser refused to frame the app').toBeGreaterThan(0);
		const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
		expect(frame, 'the iframe exists').toBeDefined();
		// The frame holds the browser's error page, never the app's document.
		await expect.poll(() => frame!.url()).toMatch(/^chrome-error:/);
		expect(await frame!.evaluate(() => document.title)).not.toBe('Feltinnsikt');
	} finally {
		await new Promise((closed) => framer.close(closed));
	}
});
