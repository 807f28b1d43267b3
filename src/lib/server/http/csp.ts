// The Content-Security-Policy of the app's pages, as SvelteKit's `kit.csp` directives
// (vite.config.ts). SvelteKit adds the hash of its inline start script to script-src on each
// response; everything else the pages may run or load is listed here.
//
// Read at build time (and by tests), never in a request: it reads files from node_modules.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { KitConfig } from '@sveltejs/kit';

type CspDirectives = NonNullable<NonNullable<KitConfig['csp']>['directives']>;
type HashSource = `sha256-${string}`;

export function sha256Source(text: string): HashSource {
	return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/**
 * Static `style="…"` attributes the pages contain. Svelte builds a component's markup by
 * cloning parsed HTML, so a static style attribute counts as inline style for CSP (styles set
 * from script, `style:` and `style={…}`, go through the CSSOM and are not affected). Each one
 * is allowed by its hash; a test keeps this list equal to the attributes in the sources.
 */
export const STATIC_STYLE_ATTRIBUTES: readonly string[] = [
	// SvelteKit's route announcer (its generated root component).
	'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px',
	// src/app.html: the element SvelteKit starts the app in.
	'display: contents',
	// Form rows.
	'margin-top: 0.75rem',
	'margin-top: 1rem'
];

/**
 * Tiptap puts its base stylesheet (ProseMirror's `white-space: pre-wrap` and friends, without
 * which typing spaces and line breaks misbehaves) into a `<style>` element. Its hash is taken
 * from the installed package so an upgrade cannot leave a stale one; if Tiptap stops shipping
 * the stylesheet this way the build stops here instead of the editor breaking in the field.
 */
export function tiptapStyleHash(): HashSource {
	const require = createRequire(import.meta.url);
	const file = require.resolve('@tiptap/core').replace(/index\.cjs$/, 'index.js');
	const source = readFileSync(file, 'utf8');
	const match = /\nconst style = `([^`]*)`;/.exec(source);
	if (!match || match[1].includes('\\') || match[1].includes('${')) {
		throw new Error(`Tiptap's base stylesheet was not found in ${file}: update the CSP in src/lib/server/http/csp.ts.`);
	}
	return sha256Source(match[1]);
}

export function pageCspDirectives(): CspDirectives {
	return {
		'default-src': ['self'],
		// SvelteKit adds 'sha256-…' of its start script. No 'unsafe-eval', no 'wasm-unsafe-eval':
		// nothing in the browser compiles code (zod runs jitless, see src/hooks.client.ts).
		'script-src': ['self'],
		'style-src': ['self'],
		'style-src-elem': ['self', tiptapStyleHash()],
		'style-src-attr': ['unsafe-hashes', ...STATIC_STYLE_ATTRIBUTES.map(sha256Source)],
		// Photos are shown from blob: URLs (IndexedDB); data: for small generated images.
		'img-src': ['self', 'blob:', 'data:'],
		// Recordings are played back from blob: URLs.
		'media-src': ['self', 'blob:'],
		'font-src': ['self'],
		// Sync and sign-in talk to our own /api only.
		'connect-src': ['self'],
		'manifest-src': ['self'],
		// The search worker is a module under /_app; the service worker is /service-worker.js.
		'worker-src': ['self', 'blob:'],
		'frame-src': ['none'],
		'object-src': ['none'],
		'base-uri': ['self'],
		'form-action': ['self'],
		// Never inside another site's page (clickjacking); also X-Frame-Options in hooks.server.ts.
		'frame-ancestors': ['none']
	};
}
