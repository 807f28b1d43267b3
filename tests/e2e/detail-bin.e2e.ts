import { expect, test, type Page } from '@playwright/test';
import { createProject, loadDemo, nav } from './pages/app';
import { putRawRow, readTable } from './support/localDb';

// An item in full, the bin (Papirkurv), and editing sessions and projects – on a tablet, by touch.

const unknownText = 'Ansatte vet ikke hvem som har ansvaret når en elev slutter midt i skoleåret.';
const answers = [
	['Hva overrasket oss?', 'Både skole og oppfølgingstjenesten trodde den andre hadde ansvaret.'],
	['Hvorfor visste vi det ikke?', 'Vi har bare snakket med én tjeneste om gangen.'],
	['Hva bør vi spørre om neste gang?', 'Hvem får beskjed første dag en elev ikke møter?']
] as const;

async function openLibrary(page: Page): Promise<void> {
	await nav(page).getByRole('link', { name: 'Bibliotek' }).tap();
	await expect(page.getByTestId('library-count')).toBeVisible();
}

/** Opens a library row by tapping its text. */
async function openFromLibrary(page: Page, text: string): Promise<void> {
	await openLibrary(page);
	await page.getByTestId('entry').filter({ hasText: text }).getByTestId('entry-open').tap();
	await expect(page).toHaveURL(/\/evidence\//);
	await expect(page.getByTestId('evidence-detail')).toBeVisible();
}

test('an unknown unknown opens in full from the library with its three answers; an edit of its text shows in the library', async ({ page }) => {
	await loadDemo(page);
	await openLibrary(page);
	// Rows size to their content: the list is no scroll box of its own and no row's text is cut.
	const list = page.getByTestId('entry-list');
	expect(await list.evaluate((el) => getComputedStyle(el.parentElement!).overflowY)).toBe('visible');
	for (const text of await list.locator('.text').all()) {
		expect(await text.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
	}

	await openFromLibrary(page, unknownText);
	const detail = page.getByTestId('evidence-detail');
	await expect(detail.getByLabel('Tekst', { exact: true })).toHaveValue(unknownText);
	for (const [question, answer] of answers) await expect(detail.getByLabel(question)).toHaveValue(answer);
	await expect(detail).toContainText('Verksted med lærere og helsesykepleiere');
	await expect(page.getByTestId('evidence-tags').getByRole('listitem').first()).toBeVisible();

	const edited = 'Ansatte vet ikke hvem som har ansvaret når en elev slutter – verken skolen eller OT.';
	await detail.getByLabel('Tekst', { exact: true }).fill(edited);
	await detail.getByRole('button', { name: 'Lagre endringene' }).tap();
	await expect(page.getByText('Endringene er lagret.')).toBeVisible();
	// Back goes where the item was opened from.
	await page.getByRole('link', { name: '← Tilbake' }).tap();
	await expect(page).toHaveURL(/\/library$/);
	await expect(page.getByTestId('entry').filter({ hasText: edited })).toBeVisible();
	await expect(page.getByTestId('entry').filter({ hasText: unknownText })).toHaveCount(0);
});

test('a deleted item goes to the bin, says when it is gone for good, and comes back to the library when restored', async ({ page }) => {
	await loadDemo(page);
	await openFromLibrary(page, unknownText);
	await page.getByTestId('evidence-delete').tap();
	await expect(page).toHaveURL(/\/library$/);
	await expect(page.getByTestId('entry').filter({ hasText: unknownText })).toHaveCount(0);

	await page.getByTestId('bin-link').tap();
	await expect(page).toHaveURL(/\/bin$/);
	await expect(page.getByText('ligger her i 30 dager')).toBeVisible();
	const item = page.getByTestId('bin-item').filter({ hasText: unknownText });
	await expect(item).toContainText('Ukjent ukjent');
	await expect(item.getByTestId('bin-gone-at')).toContainText('borte for godt');
	await item.getByRole('button', { name: 'Gjenopprett' }).tap();
	await expect(page.getByTestId('bin-empty')).toBeVisible();

	await openLibrary(page);
	await expect(page.getByTestId('entry').filter({ hasText: unknownText })).toBeVisible();
});

test('a session’s place is edited on its page and kept after a reload', async ({ page }) => {
	await loadDemo(page);
	await openLibrary(page);
	await page.getByTestId('session-row').getByRole('link', { name: 'Verksted med lærere og helsesykepleiere' }).tap();
	await expect(page.getByRole('heading', { level: 1, name: 'Verksted med lærere og helsesykepleiere' })).toBeVisible();
	await page.getByTestId('session-edit').tap();
	const form = page.getByTestId('session-edit-form');
	await expect(form.getByLabel('Tittel')).toHaveValue('Verksted med lærere og helsesykepleiere');
	await form.getByLabel('Sted').fill('Fjordvik rådhus, møterom 2');
	await form.getByRole('button', { name: 'Lagre økten' }).tap();
	await expect(form).toHaveCount(0);
	await expect(page.getByTestId('session-facts')).toContainText('Fjordvik rådhus, møterom 2');
	await page.reload();
	await expect(page.getByTestId('session-facts')).toContainText('Fjordvik rådhus, møterom 2');
});

test('a project is renamed, deleted to the bin after a confirmation, and restored', async ({ page }) => {
	await loadDemo(page);
	await createProject(page, 'Skolevegring 2026');
	await page.goto('/');
	const card = page.getByTestId('project-list').getByRole('listitem').filter({ hasText: 'Skolevegring 2026' });
	await card.getByRole('button', { name: 'Endre prosjektet' }).tap();
	await card.getByLabel('Navn på prosjektet').fill('Skolevegring i Fjordvik');
	await card.getByRole('button', { name: 'Lagre prosjektet' }).tap();
	const renamed = page.getByTestId('project-list').getByRole('listitem').filter({ hasText: 'Skolevegring i Fjordvik' });
	await expect(renamed).toBeVisible();

	await renamed.getByRole('button', { name: 'Endre prosjektet' }).tap();
	await renamed.getByRole('button', { name: 'Slett prosjektet' }).tap();
	await expect(renamed.getByTestId('project-delete-confirm')).toContainText('Flytte «Skolevegring i Fjordvik» til papirkurven?');
	await renamed.getByRole('button', { name: 'Ja, flytt til papirkurven' }).tap();
	await expect(page.getByTestId('project-list').getByRole('listitem')).toHaveCount(1);
	await expect(page.getByTestId('project-list')).not.toContainText('Skolevegring i Fjordvik');

	await nav(page).getByRole('link', { name: 'Innstillinger' }).tap();
	await page.getByRole('link', { name: 'Åpne papirkurven' }).tap();
	const item = page.getByTestId('bin-item').filter({ hasText: 'Skolevegring i Fjordvik' });
	await expect(item).toContainText('Prosjekt');
	await item.getByRole('button', { name: 'Gjenopprett' }).tap();
	await expect(item).toHaveCount(0);
	await page.goto('/');
	await expect(page.getByTestId('project-list').getByRole('listitem').filter({ hasText: 'Skolevegring i Fjordvik' })).toBeVisible();
});

test('loading the demo twice leaves one demo project and offers to open it', async ({ page }) => {
	await loadDemo(page);
	await page.goto('/');
	await page.getByRole('button', { name: 'Last inn demoprosjekt' }).tap();
	const offer = page.getByTestId('demo-exists');
	await expect(offer).toContainText('finnes allerede på denne enheten');
	await offer.getByRole('button', { name: 'Åpne demoprosjektet' }).tap();
	await expect(page).toHaveURL(/\/capture$/);
	await page.goto('/');
	await expect(page.getByTestId('project-list').getByRole('listitem')).toHaveCount(1);
	const projects = await readTable<{ name: string }>(page, 'projects');
	expect(projects.filter((p) => p.name.startsWith('Demo:'))).toHaveLength(1);
});

test('a reviewer sees an item in full but read-only: no form, no delete, no restore', async ({ page }) => {
	await loadDemo(page);
	const gaming = 'Flere av ungdommene nevner gaming-fellesskap som sitt viktigste nettverk.';
	await openLibrary(page);
	await page.getByTestId('entry').filter({ hasText: gaming }).getByRole('button', { name: 'Slett' }).tap();
	await expect(page.getByTestId('entry').filter({ hasText: gaming })).toHaveCount(0);
	// This device's user is a reviewer in the project, as the team cache from the server would say.
	const settings = await readTable<{ key: string; value: unknown }>(page, 'settings');
	const identity = settings.find((s) => s.key === 'identity')!.value as { userId: string };
	const projectId = settings.find((s) => s.key === 'activeProjectId')!.value as string;
	await putRawRow(page, 'settings', {
		key: `team:${projectId}`,
		value: { members: [{ userId: identity.userId, displayName: 'Rita Gjennomgår', email: 'rita@example.org', role: 'reviewer' }] }
	});
	await page.reload();

	await openFromLibrary(page, unknownText);
	const detail = page.getByTestId('evidence-detail');
	await expect(page.getByTestId('evidence-read-only')).toBeVisible();
	await expect(detail.getByTestId('evidence-form')).toHaveCount(0);
	await expect(detail.getByRole('textbox', { name: 'Tekst' })).toHaveCount(0);
	await expect(detail.getByTestId('evidence-delete')).toHaveCount(0);
	await expect(detail.getByRole('button', { name: 'Merk', exact: true })).toHaveCount(0);
	const shown = detail.getByTestId('unknown-answers');
	for (const [question, answer] of answers) {
		await expect(shown).toContainText(question);
		await expect(shown).toContainText(answer);
	}
	// Review work stays open to a reviewer.
	await expect(detail.getByRole('group', { name: 'Marker beviset' })).toBeVisible();
	// The bin lists what a researcher deleted, without a restore for a reviewer.
	await page.goto('/bin');
	const item = page.getByTestId('bin-item').filter({ hasText: gaming });
	await expect(item).toBeVisible();
	await expect(item.getByRole('button', { name: 'Gjenopprett' })).toHaveCount(0);
});

test('a map cell’s item and a board card open the same detail view', async ({ page }) => {
	await loadDemo(page);
	await nav(page).getByRole('link', { name: 'Kart' }).tap();
	await page.getByTestId('map-grid').locator('[data-testid=map-cell][data-region="NAV"][data-stage="Ung voksen (20–24)"]').tap();
	const cell = page.getByTestId('cell-evidence');
	await cell.getByTestId('entry').filter({ hasText: 'Saksbehandleren min byttes' }).getByTestId('entry-open').tap();
	await expect(page).toHaveURL(/\/evidence\//);
	await expect(page.getByTestId('evidence-detail').getByLabel('Tekst', { exact: true })).toHaveValue(/Saksbehandleren min byttes/);
	await page.goBack();
	await expect(page.getByTestId('map-grid')).toBeVisible();

	await page.goto('/review/boards');
	await page.getByLabel('Navn på ny tavle').fill('Første runde');
	await page.getByRole('button', { name: 'Lag tavle' }).tap();
	await expect(page).toHaveURL(/\/review\/boards\/[^/]+$/);
	await page.getByLabel('Filtrer usorterte kort').fill(unknownText);
	const card = page.getByTestId('unsorted').getByTestId('board-card');
	await expect(card).toHaveCount(1);
	await card.getByTestId('card-open').tap();
	await expect(page).toHaveURL(/\/evidence\//);
	for (const [question, answer] of answers) await expect(page.getByTestId('evidence-detail').getByLabel(question)).toHaveValue(answer);
	// The card is where it was: opening it did not drag it anywhere.
	await page.goBack();
	await expect(page.getByTestId('unsorted').getByTestId('board-card').filter({ hasText: unknownText })).toHaveCount(1);
});

test('thousands of rows of different lengths: the library renders a window that follows the page’s scroll to the last row', async ({ page }) => {
	await loadDemo(page);
	// 3 000 entries, every third one long, straight into IndexedDB (as a long field season would leave them).
	await page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open('feltinnsikt');
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		const entries = await new Promise<Record<string, unknown>[]>((resolve) => {
			const r = db.transaction('entries').objectStore('entries').getAll();
			r.onsuccess = () => resolve(r.result as Record<string, unknown>[]);
		});
		const tx = db.transaction('entries', 'readwrite');
		for (let i = 0; i < 3000; i++) {
			const text = i % 3 === 0 ? `Lang observasjon ${i}: ${'ungdommene venter lenge på svar fra tjenestene. '.repeat(12)}` : `Kort ${i}`;
			tx.objectStore('entries').put({ ...entries[0], id: `many-${String(i).padStart(5, '0')}`, text, participantId: null, sessionId: null, highlightId: null });
		}
		await new Promise((resolve, reject) => {
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
		});
		db.close();
	});
	// Written past Dexie, so a fresh page reads them.
	await page.goto('/library');
	const list = page.getByTestId('entry-list');
	// The search worker sends the rows a page at a time (the first 200 now, more as the end comes near).
	await expect(list).toHaveAttribute('data-rows', '200');
	const rendered = list.getByRole('listitem').filter({ has: page.locator('[data-testid=entry], [data-testid=session-row]') });
	expect(await rendered.count()).toBeLessThan(120);
	// Rows size to their content: a long observation is taller than a short one.
	const long = await list.getByTestId('entry').filter({ hasText: 'Lang observasjon' }).first().boundingBox();
	const short = await list.getByTestId('entry').filter({ hasText: /^.*Kort \d+/ }).first().boundingBox();
	expect(long!.height).toBeGreaterThan(short!.height + 40);

	// The page's content area scrolls (no box of its own): at its end the last rows are in the DOM.
	// Measured rows change the page's height as they come in: scroll to the end until it stays there.
	// Every page asked for on the way, all 3 011 rows (3 000, the demo's 8 and its 3 sessions) are in the list at the end.
	await expect
		.poll(
			async () => {
				await page.locator('main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
				return `${await list.getAttribute('data-rows')} ${await list.evaluate((ul) => getComputedStyle(ul).paddingBottom)}`;
			},
			{ timeout: 30_000 }
		)
		.toBe('3011 0px');
	expect(await rendered.count()).toBeLessThan(120);
	const last = list.getByRole('listitem').last();
	await expect(last).toBeInViewport();
});
