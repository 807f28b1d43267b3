import { expect, type Page } from '@playwright/test';

/** The main areas, as a researcher reaches them from the navigation (Norwegian labels by default). */
export const mainRoutes = [
	{ path: '/', nb: 'Prosjekter', en: 'Projects' },
	{ path: '/capture', nb: 'Fangst', en: 'Capture' },
	{ path: '/library', nb: 'Bibliotek', en: 'Library' },
	{ path: '/map', nb: 'Kart', en: 'Map' },
	{ path: '/review', nb: 'Gjennomgang', en: 'Review' },
	{ path: '/settings', nb: 'Innstillinger', en: 'Settings' }
] as const;

export function nav(page: Page) {
	return page.getByRole('navigation', { name: /Hovedmeny|Main menu/ });
}

export async function createProject(page: Page, name: string): Promise<void> {
	await page.goto('/projects/new');
	await page.getByLabel('Navn på prosjektet').fill(name);
	await page.getByRole('button', { name: 'Opprett', exact: true }).click();
	await expect(page).toHaveURL(/\/capture$/);
	await expect(page.getByTestId('active-project-name')).toHaveText(name);
}

export async function loadDemo(page: Page): Promise<void> {
	await page.goto('/');
	await page.getByRole('button', { name: 'Last inn demoprosjekt' }).click();
	await expect(page).toHaveURL(/\/capture$/);
}

export async function quickCapture(page: Page, kind: string, text: string): Promise<void> {
	const form = page.getByTestId('quick-capture');
	await form.getByText(kind, { exact: true }).click();
	await form.getByLabel('Hva så eller hørte du?').fill(text);
	await form.getByRole('button', { name: 'Lagre bevis' }).click();
	await expect(page.getByTestId('entry-list').getByText(text)).toBeVisible();
}

/** Codes a piece of evidence from the library, on the tag bar's code tab, with each of `codes`. */
export async function codeEvidence(page: Page, text: string, codes: string[]): Promise<void> {
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	await page.getByTestId('entry').filter({ hasText: text }).getByRole('button', { name: 'Merk' }).click();
	const bar = page.getByTestId('tag-bar');
	await bar.getByRole('tab', { name: 'Koder' }).click();
	for (const name of codes) {
		await bar.getByRole('button', { name, exact: true }).click();
		await expect(bar.getByRole('button', { name, exact: true })).toHaveAttribute('aria-pressed', 'true');
	}
}

/**
 * The app shell stays put: header and navigation wholly on screen, and the document itself
 * never scrolled (only the content area scrolls).
 */
export async function expectShellInView(page: Page): Promise<void> {
	const viewport = page.viewportSize()!;
	for (const part of [page.getByRole('banner'), nav(page)]) {
		const box = (await part.boundingBox())!;
		expect(box, 'shell part on screen').not.toBeNull();
		expect(box.y).toBeGreaterThanOrEqual(0);
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.y + box.height).toBeLessThanOrEqual(viewport.height + 0.5);
		expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 0.5);
	}
	expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
}

/** Whether a locator's box lies wholly inside the viewport. */
export async function expectOnScreen(page: Page, what: ReturnType<Page['locator']>): Promise<void> {
	const viewport = page.viewportSize()!;
	const box = (await what.boundingBox())!;
	expect(box).not.toBeNull();
	expect(box.y).toBeGreaterThanOrEqual(0);
	expect(box.y + box.height).toBeLessThanOrEqual(viewport.height + 0.5);
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 0.5);
}
