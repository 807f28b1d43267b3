import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATIC_STYLE_ATTRIBUTES, pageCspDirectives, sha256Source } from './csp';
import { apiClient } from './testing';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');

/** What SvelteKit's renderer answers for a page: the SPA shell. */
const shell = () => new Response('<!doctype html><title>Feltinnsikt</title>', { headers: { 'content-type': 'text/html' } });

describe('page security headers', () => {
	it('every page forbids framing, sniffing, referrers to other sites and features the app does not use', async () => {
		for (const path of ['/', '/capture', '/sessions/abc', '/no-such-page']) {
			const response = await apiClient().call(shell, { path });
			expect(response.headers.get('x-frame-options'), path).toBe('DENY');
			expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(response.headers.get('referrer-policy'), path).toBe('same-origin');
			expect(response.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
			const features = new Map(
				(response.headers.get('permissions-policy') ?? '').split(',').map((part) => part.trim().split('=') as [string, string])
			);
			// Recording and photos need the microphone and camera, for the app itself only.
			expect(features.get('microphone'), path).toBe('(self)');
			expect(features.get('camera'), path).toBe('(self)');
			for (const off of ['geolocation', 'payment', 'usb', 'display-capture']) expect(features.get(off), `${path} ${off}`).toBe('()');
			// The page's own response headers; the CSP is SvelteKit's (checked below and end to end).
			expect(response.headers.get('cross-origin-resource-policy'), path).toBeNull();
		}
	});

	it('keeps the API headers on /api responses', async () => {
		const response = await apiClient().call(() => Response.json({ ok: true }), { path: '/api/health' });
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
		expect(response.headers.get('permissions-policy')).toBeNull();
	});
});

describe('page Content-Security-Policy', () => {
	const directives = pageCspDirectives();

	it('allows scripts, styles and connections from the app itself only', () => {
		expect(directives['default-src']).toEqual(['self']);
		expect(directives['script-src']).toEqual(['self']);
		expect(directives['connect-src']).toEqual(['self']);
		expect(directives['object-src']).toEqual(['none']);
		expect(directives['base-uri']).toEqual(['self']);
		expect(directives['form-action']).toEqual(['self']);
		expect(directives['frame-ancestors']).toEqual(['none']);
		expect(directives['img-src']).toEqual(['self', 'blob:', 'data:']);
		expect(directives['media-src']).toEqual(['self', 'blob:']);
		expect(directives['worker-src']).toEqual(['self', 'blob:']);
		for (const list of Object.values(directives)) {
			expect(list).not.toContain('unsafe-inline');
			expect(list).not.toContain('unsafe-eval');
		}
	});

	it("allows Tiptap's base stylesheet by a hash taken from the installed package", () => {
		const elements = directives['style-src-elem'] ?? [];
		expect(elements).toHaveLength(2);
		expect(elements[0]).toBe('self');
		expect(elements[1]).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
	});

	it('allows exactly the static style attributes in the sources, by hash', () => {
		const found = new Set<string>();
		const collect = (text: string) => {
			for (const [, value] of text.matchAll(/\sstyle="([^"]*)"/g)) if (!value.includes('{')) found.add(value);
		};
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const path = join(dir, entry.name);
				if (entry.isDirectory()) walk(path);
				else if (entry.name.endsWith('.svelte')) collect(readFileSync(path, 'utf8'));
			}
		};
		walk(join(ROOT, 'src'));
		collect(readFileSync(join(ROOT, 'src', 'app.html'), 'utf8'));
		// SvelteKit's generated root component (the route announcer).
		const kit = createRequire(import.meta.url).resolve('@sveltejs/kit/package.json');
		collect(readFileSync(join(kit, '..', 'src', 'core', 'sync', 'write_root.js'), 'utf8'));

		expect([...found].sort()).toEqual([...STATIC_STYLE_ATTRIBUTES].sort());
		expect(directives['style-src-attr']).toEqual(['unsafe-hashes', ...STATIC_STYLE_ATTRIBUTES.map(sha256Source)]);
	});

	it('hashes the way CSP does (SHA-256 of the UTF-8 text, base64)', () => {
		expect(sha256Source('')).toBe('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
		// The hash Chromium names when it refuses SvelteKit's route announcer's style.
		expect(sha256Source(STATIC_STYLE_ATTRIBUTES[0])).toBe('sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=');
	});
});
