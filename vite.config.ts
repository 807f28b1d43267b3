import { defineConfig } from 'vitest/config';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { pageCspDirectives } from './src/lib/server/http/csp.ts';

export default defineConfig({
	plugins: [
		// Under Vitest the messages come from `npm run prepare`; the plugin's watcher would keep the run alive.
		...(process.env.VITEST ? [] : [paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/i18n/generated',
			// Bokmål is the default for everyone; a chosen language is remembered on the device.
			strategy: ['localStorage', 'baseLocale']
		})]),
		sveltekit({
			compilerOptions: {
				runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
			},
			// BUILD_DIR/KIT_OUT_DIR let two builds on one machine (a second checkout, a parallel
			// test run) stay out of each other's output.
			adapter: adapter({ out: process.env.BUILD_DIR || 'build' }),
			...(process.env.KIT_OUT_DIR ? { outDir: process.env.KIT_OUT_DIR } : {}),
			// The service worker answers every navigation with one cached shell, so asset
			// paths must not depend on the depth of the URL.
			paths: { relative: false },
			// Registered by workbox-window so we control when an update takes over.
			serviceWorker: { register: false },
			csp: {
				// Hashes, not nonces: the service worker serves one cached copy of the shell for
				// every navigation, and a nonce repeated on every offline start is no nonce. The
				// hash of SvelteKit's inline start script is added to script-src per response,
				// and the header is cached together with the body it describes.
				mode: 'hash',
				directives: pageCspDirectives()
			}
		})
	],
	test: {
		expect: { requireAssertions: true },
		// scrypt (~75 ms alone) and opening PGlite take several seconds on a busy 2-core machine.
		testTimeout: 30_000,
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['fake-indexeddb/auto']
	}
});
