import { expect, test, type APIRequestContext } from '@playwright/test';
import { waitForServiceWorkerControl } from './support/serviceWorker';

interface ManifestIcon {
	src: string;
	sizes: string;
	type?: string;
	purpose?: string;
}

interface WebManifest {
	name?: string;
	short_name?: string;
	description?: string;
	lang?: string;
	start_url?: string;
	scope?: string;
	display?: string;
	background_color?: string;
	theme_color?: string;
	icons?: ManifestIcon[];
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk (always the first chunk). */
function pngSize(bytes: Buffer): { width: number; height: number } {
	expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
	expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function fetchManifest(request: APIRequestContext): Promise<WebManifest> {
	const response = await request.get('/manifest.webmanifest');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^application\/(manifest\+)?json/);
	return JSON.parse(await response.text()) as WebManifest;
}

test.describe('installable PWA', () => {
	test('the web manifest is served, complete and linked from the shell', async ({ request }) => {
		const manifest = await fetchManifest(request);
		expect(manifest.name).toBe('Feltinnsikt');
		expect(manifest.short_name?.length ?? 0).toBeGreaterThan(0);
		expect(manifest.description).toBe('Innsiktsarbeid i felt – også uten nett');
		expect(manifest.lang).toBe('nb');
		expect(manifest.start_url).toBe('/');
		expect(manifest.scope).toBe('/');
		expect(manifest.display).toBe('standalone');
		expect(manifest.theme_color).toBe('#1d4e89');
		expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

		const shell = await (await request.get('/')).text();
		expect(shell).toContain('<html lang="nb"');
		expect(shell).toMatch(/<link rel="manifest" href="\/manifest\.webmanifest"/);
		expect(shell).toMatch(/<meta name="theme-color" content="#1d4e89"/);
		expect(shell).toMatch(/<link rel="apple-touch-icon" href="[^"]+\.png"/);
	});

	test('every manifest icon is fetchable and has its declared size', async ({ request }) => {
		const manifest = await fetchManifest(request);
		const icons = manifest.icons ?? [];
		const pngs = icons.filter((icon) => icon.type === 'image/png');
		const purposes = (icon: ManifestIcon) => (icon.purpose ?? 'any').split(/\s+/);

		expect(pngs.some((i) => i.sizes === '192x192' && purposes(i).includes('any'))).toBe(true);
		expect(pngs.some((i) => i.sizes === '512x512' && purposes(i).includes('any'))).toBe(true);
		expect(pngs.some((i) => i.sizes === '512x512' && purposes(i).includes('maskable'))).toBe(
			true
		);

		for (const icon of icons) {
			const response = await request.get(icon.src);
			expect(response.status(), icon.src).toBe(200);
			expect(response.headers()['content-type'], icon.src).toContain(icon.type ?? 'image/');
			if (icon.type !== 'image/png') continue;
			const [width, height] = icon.sizes.split('x').map(Number);
			expect(pngSize(await response.body()), icon.src).toEqual({ width, height });
		}

		const appleIcon = await request.get('/icons/apple-touch-icon.png');
		expect(appleIcon.status()).toBe(200);
		expect(pngSize(await appleIcon.body())).toEqual({ width: 180, height: 180 });
	});

	test('GET /api/health answers {ok:true} as JSON', async ({ request }) => {
		const response = await request.get('/api/health');
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toMatch(/^application\/json/);
		expect(await response.json()).toEqual({ ok: true });
	});

	test('after one visit a service worker controls the page and holds the shell', async ({
		page
	}) => {
		await page.goto('/');
		await waitForServiceWorkerControl(page);

		const reloaded = await page.reload();
		expect(reloaded?.fromServiceWorker()).toBe(true);
		await waitForServiceWorkerControl(page);
		expect(await page.title()).not.toBe('');

		const cacheState = await page.evaluate(async () => {
			await fetch('/api/health', { cache: 'no-store' });
			const state = { shell: false, api: false };
			for (const name of await caches.keys()) {
				const cache = await caches.open(name);
				const keys = (await cache.keys()).map((request) => new URL(request.url).pathname);
				if (keys.includes('/')) state.shell = true;
				if (keys.some((path) => path.startsWith('/api/'))) state.api = true;
			}
			return state;
		});
		expect(cacheState).toEqual({ shell: true, api: false });
	});
});
