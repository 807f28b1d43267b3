import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// The shared app server for specs that do not stop it. Two checkouts testing on one machine
// would otherwise reuse each other's server (reuseExistingServer is on outside CI).
const PORT = Number(process.env.E2E_PORT) || 4173;
const HOST = '127.0.0.1';
const isCI = !!process.env.CI;

// Playwright cannot download its own browsers everywhere; a distribution Chromium works as
// well. Set PLAYWRIGHT_CHROMIUM_PATH to pick another binary, or leave it to Playwright.
const systemChromium = '/usr/bin/chromium';
const executablePath =
	process.env.PLAYWRIGHT_CHROMIUM_PATH ||
	(existsSync(systemChromium) ? systemChromium : undefined);

const tablet = { hasTouch: true, isMobile: false, deviceScaleFactor: 2 };

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: 'test-results',
	fullyParallel: false,
	forbidOnly: isCI,
	retries: 0,
	// Two cores: the app server, the browser and the test runner share them.
	workers: isCI ? 1 : 2,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['./tests/e2e/support/summaryReporter.ts']],
	use: {
		baseURL: `http://${HOST}:${PORT}`,
		browserName: 'chromium',
		locale: 'nb-NO',
		timezoneId: 'Europe/Oslo',
		serviceWorkers: 'allow',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--use-fake-device-for-media-stream',
				'--use-fake-ui-for-media-stream'
			]
		}
	},
	projects: [
		{
			name: 'tablet-portrait',
			use: { ...tablet, viewport: { width: 820, height: 1180 } }
		},
		{
			name: 'tablet-landscape',
			// Tests tagged @one-viewport check something the screen size cannot change.
			grepInvert: /@one-viewport/,
			use: { ...tablet, viewport: { width: 1180, height: 820 } }
		}
	],
	webServer: {
		command: `npm run build && node ${process.env.BUILD_DIR || 'build'}`,
		url: `http://${HOST}:${PORT}/api/health`,
		// The shared server keeps its data apart from a developer's own ./data.
		env: { PORT: String(PORT), HOST, BODY_SIZE_LIMIT: '16M', SETUP_CODE: 'E2E-TEST-SETUP', DATA_DIR: join(tmpdir(), `feltinnsikt-e2e-${PORT}-${Date.now()}`) },
		reuseExistingServer: !isCI,
		timeout: 240_000,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
