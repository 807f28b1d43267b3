import { defineConfig } from 'vitest/config';

// The WebKit journeys: their own run (`npm run test:webkit`), apart from the unit tests'
// config and from Playwright. One browser at a time – two cores share the app server,
// WebKit and the runner.
export default defineConfig({
	test: {
		dir: new URL('../..', import.meta.url).pathname,
		include: ['tests/webkit/**/*.webkit.ts'],
		environment: 'node',
		globalSetup: ['tests/webkit/support/globalSetup.ts'],
		fileParallelism: false,
		testTimeout: 180_000,
		hookTimeout: 60_000,
		expect: { requireAssertions: true },
		reporters: ['default', './tests/webkit/support/summaryReporter.ts']
	}
});
