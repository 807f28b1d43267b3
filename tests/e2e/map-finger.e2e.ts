import { expect, test, type Locator, type Page } from '@playwright/test';
import { loadDemo, nav } from './pages/app';

// The map on a tablet, by finger: a tapped cell's evidence is on the screen at once, nothing
// pushes the grid away, targets and text are finger-sized, and one finger outside the map
// scrolls the page. Runs in both tablet projects (portrait and landscape, touch).

async function openMap(page: Page): Promise<Locator> {
	await loadDemo(page);
	await nav(page).getByRole('link', { name: 'Kart' }).tap();
	const grid = page.getByTestId('map-grid');
	await expect(grid.getByTestId('map-cell').first()).toBeVisible();
	return grid;
}

const cell = (grid: Locator, region: string, stage: string) => grid.locator(`[data-testid=map-cell][data-region="${region}"][data-stage="${stage}"]`);

/** Where the content area and the map frame are scrolled to, so a test can tell that nothing moved. */
async function scrollState(page: Page) {
	return page.evaluate(() => ({
		main: document.querySelector('main')?.scrollTop ?? 0,
		window: window.scrollY,
		frame: document.querySelector('[data-testid=map-frame]')?.scrollTop ?? 0
	}));
}

/** The element's box lies inside the window. */
async function expectOnScreen(page: Page, locator: Locator) {
	const box = (await locator.boundingBox())!;
	const { width, height } = page.viewportSize()!;
	expect(box.y, 'top edge in the window').toBeGreaterThanOrEqual(0);
	expect(box.x, 'left edge in the window').toBeGreaterThanOrEqual(0);
	expect(box.y + box.height, 'bottom edge in the window').toBeLessThanOrEqual(height);
	expect(box.x + box.width, 'right edge in the window').toBeLessThanOrEqual(width);
}

/** A one-finger swipe as the touchscreen sends it (start, moves, end) from a point; negative dy drags the content up. */
async function swipe(page: Page, x: number, y: number, dy: number) {
	const cdp = await page.context().newCDPSession(page);
	const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', at: number) =>
		cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: Math.round(x), y: Math.round(at) }] });
	await touch('touchStart', y);
	for (let i = 1; i <= 10; i++) await touch('touchMove', y + (dy * i) / 10);
	await touch('touchEnd', y + dy);
	await cdp.detach();
}

test('tapping a cell shows its evidence on screen without scrolling, under the full region and stage name', async ({ page }) => {
	const grid = await openMap(page);
	const before = await scrollState(page);
	await cell(grid, 'NAV', 'Ung voksen (20–24)').tap();

	const evidence = page.getByTestId('cell-evidence');
	await expect(evidence.getByTestId('entry')).toHaveCount(2);
	await expectOnScreen(page, page.getByTestId('cell-evidence-title'));
	await expectOnScreen(page, evidence.getByTestId('entry').first());
	await expect(evidence.getByTestId('entry').first()).toBeInViewport({ ratio: 1 });
	expect(await scrollState(page)).toEqual(before);

	// A field's long name and the longest stage name are whole in the panel's heading and on the map.
	await evidence.getByRole('button', { name: 'Lukk' }).tap();
	await expect(evidence).toHaveCount(0);
	await cell(grid, 'Levekår og erfaringer', 'Foreldregenerasjonen (30–100)').tap();
	await expect(page.getByTestId('cell-evidence-title')).toContainText('Levekår og erfaringer × Foreldregenerasjonen (30–100)');
	await expectOnScreen(page, page.getByTestId('cell-evidence-title'));
	const label = grid.locator('[data-testid=map-region][data-name="Levekår og erfaringer"] [data-testid=map-region-label]');
	const shown = async (l: Locator) => (await l.locator('tspan').allTextContents()).join(' ').replace(/- /g, '');
	expect(await shown(label)).toBe('Levekår og erfaringer');
	const stages = await grid.getByTestId('map-stage-label').all();
	expect(await shown(stages.at(-1)!)).toBe('Foreldregenerasjonen');
	await expect(grid).not.toContainText('…');
});

test('in English the labels wrap instead of being cut, and the sheet names the cell in full', async ({ page }) => {
	await page.goto('/settings');
	await page.getByLabel('English').check();
	await page.goto('/');
	await page.getByRole('button', { name: 'Load demo project' }).tap();
	await expect(page).toHaveURL(/\/capture$/);
	await nav(page).getByRole('link', { name: 'Map' }).tap();
	const grid = page.getByTestId('map-grid');
	await expect(grid.getByTestId('map-cell').first()).toBeVisible();

	const first = grid.getByTestId('map-stage-label').first();
	expect((await first.locator('tspan').allTextContents()).join(' ')).toBe('Early childhood');
	await expect(grid).not.toContainText('…');
	await cell(grid, 'Living conditions and experiences', 'Early childhood (0–5)').tap();
	const title = page.getByTestId('cell-evidence-title');
	await expect(title).toContainText('Living conditions and experiences × Early childhood (0–5)');
	await expectOnScreen(page, title);
	await expect(page.getByTestId('cell-evidence').getByRole('button', { name: 'Close' })).toBeInViewport();
});

test('cells are finger-sized and their text readable: at least 44 px high and 12 px type', async ({ page }) => {
	const grid = await openMap(page);
	const sizes = await grid.getByTestId('map-cell').evaluateAll((cells) => cells.map((c) => c.querySelector('rect')!.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height })));
	expect(sizes.length).toBeGreaterThan(20);
	for (const s of sizes) {
		expect(s.h).toBeGreaterThanOrEqual(44);
		expect(s.w).toBeGreaterThanOrEqual(44);
	}
	// SVG text is scaled with the grid: its size on screen is the font size times the grid's scale.
	const smallest = await grid.evaluate((svg) => {
		const s = svg as unknown as SVGSVGElement;
		const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
		return Math.min(...[...s.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
	});
	expect(smallest).toBeGreaterThanOrEqual(12);
});

test('the evidence to place does not push the grid off the screen, and the blind spots are close at hand', async ({ page }) => {
	const grid = await openMap(page);
	const tray = page.getByTestId('drag-source');
	await tray.locator('summary').tap();
	await expect(tray.getByTestId('drag-entry').first()).toBeVisible();
	// The first row of cells is still whole on the screen with the tray open.
	await expectOnScreen(page, grid.getByTestId('map-cell').first());
	const { height } = page.viewportSize()!;
	const box = (await grid.boundingBox())!;
	expect(box.y).toBeLessThan(height / 2);

	await page.getByTestId('blind-toggle').check();
	const blind = page.getByTestId('blind-list');
	await expect(blind.getByTestId('blind-cell').first()).toBeVisible();
	// Beside the map in landscape; right under it in portrait, brought into view when turned on.
	await expect(blind.getByRole('heading')).toBeInViewport({ ratio: 1 });
	await expect(blind.getByTestId('blind-cell').first()).toBeInViewport({ ratio: 0.9 });
	// ...and the grid is still on the screen above it.
	await expect(grid.getByTestId('map-cell').first()).toBeInViewport();
	await blind.getByTestId('blind-cell').first().getByRole('button').tap();
	await expectOnScreen(page, page.getByTestId('cell-evidence-title'));
});

test('one finger outside the map scrolls the page; on the map it pans the map, which never blocks the page’s gestures', async ({ page }) => {
	const grid = await openMap(page);
	const frame = page.getByTestId('map-frame');
	expect(await frame.evaluate((el) => getComputedStyle(el).touchAction)).not.toBe('none');

	// Outside the map (the heading above it): the content area scrolls, the map moves up with it.
	const heading = (await page.getByRole('heading', { level: 1 }).boundingBox())!;
	const gridTop = (await grid.boundingBox())!.y;
	await swipe(page, heading.x + 20, heading.y + heading.height / 2, -300);
	await expect.poll(async () => (await grid.boundingBox())!.y).toBeLessThan(gridTop - 50);
	const afterPage = await scrollState(page);
	expect(afterPage.main + afterPage.window).toBeGreaterThan(0);

	// On the map: the map pans inside its frame.
	const box = (await frame.boundingBox())!;
	const { height } = page.viewportSize()!;
	const y = Math.min(box.y + box.height, height) - 60;
	await swipe(page, box.x + box.width / 2, y, -250);
	await expect.poll(() => frame.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
});
