import { expect, test } from '@playwright/test';
import { startAppServer, type AppServer } from './support/appServer';
import { waitForServiceWorkerControl } from './support/serviceWorker';
import { seriousViolations, formatViolations } from './support/axe';
import { createProject, loadDemo, mainRoutes, nav, quickCapture } from './pages/app';

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

test('with the server stopped, every main screen opens, a project is created and a record saved and kept', async ({ page }) => {
	server = await startAppServer();
	await page.goto(`${server.url}/`);
	await waitForServiceWorkerControl(page);
	await expect(page.getByTestId('first-run')).toBeVisible();

	await server.stop();

	// Full reloads of every main route come from the service worker.
	for (const route of mainRoutes) {
		const response = await page.goto(`${server.url}${route.path}`);
		expect(response?.fromServiceWorker(), route.path).toBe(true);
		await expect(nav(page).getByRole('link', { name: route.nb })).toHaveAttribute('aria-current', 'page');
		await expect(page.locator('main h1, main [data-testid=first-run] h1').first()).toBeVisible();
	}

	await page.goto(`${server.url}/projects/new`);
	await page.getByLabel('Navn på prosjektet').fill('Feltarbeid uten nett');
	await page.getByRole('button', { name: 'Opprett', exact: true }).click();
	await expect(page).toHaveURL(/\/capture$/);
	await quickCapture(page, 'Observasjon', 'Ungdommene venter utenfor, ingen nett her');
	// A project not shared with a server has nothing waiting for it: the header says where the work is.
	await expect(page.getByTestId('pending-count')).toHaveText('Bare på denne enheten');

	await page.reload();
	await expect(page.getByTestId('entry-list').getByText('Ungdommene venter utenfor, ingen nett her')).toBeVisible();
	await expect(page.getByTestId('active-project-name')).toHaveText('Feltarbeid uten nett');

	// And the navigation works client-side too, still offline.
	for (const route of mainRoutes) {
		await nav(page).getByRole('link', { name: route.nb }).click();
		await expect(page).toHaveURL(new RegExp(`${route.path === '/' ? '/$' : route.path}$`));
	}
});

test('a new project gets the Ungt utenforskap map and life line; an empty project gets none', async ({ page }) => {
	await createProject(page, 'Ungt utenforskap Agder');
	await nav(page).getByRole('link', { name: 'Kart' }).click();
	// Four top-level fields (blue, yellow, green, red), crossed with the seven life stages.
	await expect(page.locator('[data-testid=map-region][data-depth="0"]')).toHaveCount(4);
	await expect(page.getByTestId('map-region').filter({ hasText: /Levekår og erfaringer/ })).toHaveCount(1);
	await expect(page.locator('[data-testid=map-cell][data-stage="Foreldregenerasjonen (30–100)"]').first()).toBeAttached();

	await page.goto('/projects/new');
	await page.getByLabel('Navn på prosjektet').fill('Blankt kart');
	await page.getByLabel(/Tomt kart/).check();
	await page.getByRole('button', { name: 'Opprett', exact: true }).click();
	await nav(page).getByRole('link', { name: 'Kart' }).click();
	await expect(page.getByText('Kartet har ingen regioner ennå.')).toBeVisible();
});

test('a project name is required, with a clear message and nothing created', async ({ page }) => {
	await page.goto('/projects/new');
	await page.getByRole('button', { name: 'Opprett', exact: true }).click();
	await expect(page.getByText('Feltet må fylles ut.')).toBeVisible();
	await expect(page).toHaveURL(/\/projects\/new$/);
	await page.goto('/');
	await expect(page.getByTestId('first-run')).toBeVisible();
});

test('switching to English changes the interface, survives a reload, and switching back restores bokmål', async ({ page }) => {
	await page.goto('/settings');
	await expect(page.getByRole('heading', { name: 'Innstillinger' })).toBeVisible();
	await page.getByLabel('English').check();
	await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
	await expect(nav(page).getByRole('link', { name: 'Capture' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');

	await page.reload();
	await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
	await expect(nav(page).getByRole('link', { name: 'Library' })).toBeVisible();

	await page.getByLabel('Norsk bokmål').check();
	await expect(page.getByRole('heading', { name: 'Innstillinger' })).toBeVisible();
	await page.reload();
	await expect(nav(page).getByRole('link', { name: 'Bibliotek' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nb');
});

test('settings show whether storage is persistent and how much is used', async ({ page }) => {
	await page.goto('/settings');
	const storage = page.getByTestId('storage-status');
	await expect(storage.getByText(/Brukt .* av /)).toBeVisible();
	await expect(storage.locator('[data-persisted]')).toBeVisible();
});

test('every main screen has no serious or critical accessibility violations, in both languages', async ({ page }) => {
	// Twenty scans with axe: more than the default minute on a busy 2-core machine.
	test.setTimeout(180_000);
	await loadDemo(page);
	for (const lang of ['nb', 'en'] as const) {
		for (const route of [...mainRoutes.map((r) => r.path), '/projects/new', '/participants', '/codebook']) {
			await page.goto(route);
			await expect(page.locator('main')).not.toContainText(/Laster|Loading/);
			const violations = await seriousViolations(page);
			expect(violations, `${lang} ${route}: ${formatViolations(violations)}`).toEqual([]);
		}
		if (lang === 'nb') {
			await page.goto('/settings');
			await page.getByLabel('English').check();
		}
	}
});
