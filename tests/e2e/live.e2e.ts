import { expect, test, type Browser } from '@playwright/test';
import type { AppServer } from './support/appServer';
import { nav, quickCapture } from './pages/app';
import { reviewNav } from './pages/review';
import { inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer } from './pages/team';

// Two tablets online on one project: what A writes shows on B at once, without B
// pressing anything (the timer alone would take up to 30 s), and again after the server
// was restarted under B's open stream.

let server: AppServer | undefined;

/** A server, Anna's tablet sharing the demo, and Bjørn's joined to it as a researcher. */
async function twoTablets(browser: Browser) {
	server = await startTeamServer({ startTimeoutMs: 90_000 });
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' }, { goesOffline: false });
	await inviteAndJoin(a.page, b.page, 'forsker', { name: 'Bjørn Feltarbeider', email: 'bjorn@example.org', password: 'et-annet-passord-2' });
	return { a, b, server };
}
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

test('what one tablet captures appears on the other within seconds, also after a server restart @one-viewport', async ({ browser }) => {
	test.setTimeout(180_000);
	const { a, b, server: team } = await twoTablets(browser);

	await b.page.goto('/settings#sync');
	await expect(b.page.getByTestId('sync-live')).toHaveAttribute('data-live', 'live');
	await nav(b.page).getByRole('link', { name: 'Bibliotek' }).click();

	await a.page.goto('/capture');
	const first = 'Direkte: ungdommen venter på svar fra NAV';
	await quickCapture(a.page, 'Observasjon', first);
	// Pushed within ~250 ms, announced, pulled: well inside the 30 s timer.
	await expect(b.page.getByText(first)).toBeVisible({ timeout: 5_000 });

	// The server goes away and comes back; B's stream reconnects by itself and catches up.
	await team.stop();
	await team.start();
	const second = 'Etter omstart: ungdommen fikk time';
	await quickCapture(a.page, 'Observasjon', second);
	await expect(b.page.getByText(second)).toBeVisible({ timeout: 20_000 });
});

test('two tablets on one board: each sees the other there, the card in A\'s hand, and the moved card within 2 s @one-viewport', async ({ browser }) => {
	test.setTimeout(180_000);
	const { a, b } = await twoTablets(browser);

	await nav(a.page).getByRole('link', { name: 'Gjennomgang' }).click();
	await reviewNav(a.page).getByRole('link', { name: 'Tavler' }).click();
	await a.page.getByLabel('Navn på ny tavle').fill('Felles tavle');
	await a.page.getByRole('button', { name: 'Lag tavle' }).click();
	await expect(a.page).toHaveURL(/\/review\/boards\/[^/]+$/);
	const boardPath = new URL(a.page.url()).pathname;

	// B opens the same board once it has arrived, and sees A there (and A sees B).
	await b.page.goto(boardPath);
	await expect(b.page.getByLabel('Navn på tavla')).toHaveValue('Felles tavle', { timeout: 10_000 });
	await expect(b.page.getByTestId('presence').locator('li.here')).toHaveAttribute('title', 'Anna Forsker er på denne tavla');
	await expect(a.page.getByTestId('presence').locator('li.here')).toHaveAttribute('title', 'Bjørn Feltarbeider er på denne tavla');

	// A picks a card up: B sees it in A's hand.
	const held = a.page.getByTestId('unsorted').getByTestId('board-card').first();
	const id = (await held.getAttribute('data-entry'))!;
	const from = (await held.locator('.text').boundingBox())!;
	await a.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await a.page.mouse.down();
	await a.page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 20, { steps: 4 });
	await expect(b.page.locator(`[data-entry="${id}"]`).getByTestId('card-held-by')).toHaveText('Anna Forsker flytter dette kortet');

	// A drops it on "new cluster": on B it is in a cluster within 2 s, and no longer in anyone's hand.
	const zone = (await a.page.getByTestId('new-cluster-zone').boundingBox())!;
	await a.page.mouse.move(zone.x + zone.width / 2, zone.y + Math.min(zone.height / 2, 60), { steps: 8 });
	await a.page.mouse.up();
	await expect(a.page.getByTestId('cluster').locator(`[data-entry="${id}"]`)).toBeVisible();
	await expect(b.page.getByTestId('cluster').locator(`[data-entry="${id}"]`)).toBeVisible({ timeout: 2_000 });
	await expect(b.page.locator(`[data-entry="${id}"]`).getByTestId('card-held-by')).toHaveCount(0);

	// A leaves the board: B no longer sees A on it.
	await nav(a.page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(b.page.getByTestId('presence').locator('li')).toHaveAttribute('title', 'Anna Forsker ser på biblioteket');
});

test('two researchers in one session: each sees the other\'s words and caret, named @one-viewport', async ({ browser }) => {
	test.setTimeout(180_000);
	const { a, b } = await twoTablets(browser);

	await nav(a.page).getByRole('link', { name: 'Fangst' }).click();
	const form = a.page.getByTestId('session-form');
	await form.getByLabel('Tittel').fill('Intervju to og to');
	await form.getByRole('button', { name: 'Start økten' }).click();
	await expect(a.page).toHaveURL(/\/sessions\/[^/#]+$/);
	const sessionPath = new URL(a.page.url()).pathname;
	const notesOf = (page: typeof a.page) => page.getByRole('textbox', { name: 'Notater fra økta' });
	// The note's words as written: the other writer's caret (a bar with their name) sits inside
	// the text wherever their cursor is, so it is left out of what is compared.
	const wordsIn = (page: typeof a.page) =>
		notesOf(page).evaluate((el) => {
			const copy = el.cloneNode(true) as HTMLElement;
			for (const caret of copy.querySelectorAll('.live-caret')) caret.remove();
			return copy.textContent ?? '';
		});

	await notesOf(a.page).click();
	await a.page.keyboard.type('Anna: ungdommen kom for sent.');
	await b.page.goto(sessionPath);
	await expect.poll(() => wordsIn(b.page), { timeout: 10_000 }).toContain('Anna: ungdommen kom for sent.');
	// A's caret, with A's name, in B's copy of the note.
	await expect(b.page.locator('.live-caret-name')).toHaveText('Anna Forsker');

	await notesOf(b.page).click();
	await b.page.keyboard.press('Control+End');
	await b.page.keyboard.press('Enter');
	await b.page.keyboard.type('Bjørn: hun sa bussen ikke kom.');
	await expect.poll(() => wordsIn(a.page), { timeout: 10_000 }).toContain('Bjørn: hun sa bussen ikke kom.');
	await expect(a.page.locator('.live-caret-name')).toHaveText('Bjørn Feltarbeider');
	// Both words are in both notes: co-writing merged, nothing lost.
	await expect.poll(() => wordsIn(b.page)).toContain('Anna: ungdommen kom for sent.');
});
