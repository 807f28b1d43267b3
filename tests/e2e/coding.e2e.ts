import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { AppServer } from './support/appServer';
import { nav } from './pages/app';
import { sessionWithHighlight } from './pages/review';
import { inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer, syncAndSettle } from './pages/team';

// Coding is each researcher's own decision, online too: A codes a highlight, B sees that
// code as A's (not as pressed), agrees, then takes back only their own coding. A's coding
// stands everywhere: on A's tag bar, in the intercoder view and in the server's .qdpx.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

const sentence = 'Jeg vet aldri hvem jeg skal ringe når noe skjer.';
const ownCode = 'Uklart ansvar';

/** The tag bar's code tab for the evidence made from the highlight. */
async function codeTab(page: Page) {
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	await page.getByTestId('entry').filter({ hasText: sentence }).getByRole('button', { name: 'Merk' }).click();
	const bar = page.getByTestId('tag-bar');
	await bar.getByRole('tab', { name: 'Koder' }).click();
	return bar;
}

test('A codes a highlight, B agrees and takes back only their own coding; A’s coding stands in intercoder and .qdpx @one-viewport', async ({ browser }) => {
	test.setTimeout(240_000);
	server = await startTeamServer();
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' }, { goesOffline: false });
	await inviteAndJoin(a.page, b.page, 'forsker', { name: 'Bjørn Feltarbeider', email: 'bjorn@example.org', password: 'et-annet-passord-2' });

	// A, online: a highlight, coded with a new code.
	await sessionWithHighlight(a.page, sentence);
	const barA = await codeTab(a.page);
	await barA.getByPlaceholder('Finn merke').fill(ownCode);
	await barA.getByRole('button', { name: `+ Ny kode «${ownCode}»` }).click();
	await expect(barA.getByRole('button', { name: ownCode, exact: true })).toHaveAttribute('aria-pressed', 'true');
	await syncAndSettle(a.page);
	await syncAndSettle(b.page);

	// B sees the code as A's: not pressed for B, with a quiet marker naming A.
	let barB = await codeTab(b.page);
	const chipB = barB.getByRole('button', { name: ownCode, exact: true });
	await expect(chipB).toHaveAttribute('aria-pressed', 'false');
	await expect(chipB).toHaveAccessibleDescription('Også brukt av Anna Forsker');
	await expect(chipB.getByTestId('colleague-coding')).toHaveText('AF');
	// Blind coding: the marker can be hidden on this tablet, and it stays hidden after a reload.
	await barB.getByLabel('Skjul kollegers koding').check();
	await expect(chipB.getByTestId('colleague-coding')).toHaveCount(0);
	await b.page.reload();
	barB = await codeTab(b.page);
	await expect(barB.getByLabel('Skjul kollegers koding')).toBeChecked();
	await expect(barB.getByRole('button', { name: ownCode, exact: true }).getByTestId('colleague-coding')).toHaveCount(0);
	await barB.getByLabel('Skjul kollegers koding').uncheck();

	// B agrees (adds B's own coding), and codes one more that only B applies.
	await barB.getByRole('button', { name: ownCode, exact: true }).click();
	await expect(barB.getByRole('button', { name: ownCode, exact: true })).toHaveAttribute('aria-pressed', 'true');
	await expect(barB.getByRole('button', { name: ownCode, exact: true }).getByTestId('colleague-coding')).toHaveText('AF');
	await barB.getByRole('button', { name: 'Tillit', exact: true }).click();
	await expect(barB.getByRole('button', { name: 'Tillit', exact: true })).toHaveAttribute('aria-pressed', 'true');
	await syncAndSettle(b.page);
	await syncAndSettle(a.page);
	const barA2 = await codeTab(a.page);
	await expect(barA2.getByRole('button', { name: ownCode, exact: true })).toHaveAccessibleDescription('Også brukt av Bjørn Feltarbeider');

	// B takes back B's own coding: A's stays, for B too.
	barB = await codeTab(b.page);
	await barB.getByRole('button', { name: ownCode, exact: true }).click();
	await expect(barB.getByRole('button', { name: ownCode, exact: true })).toHaveAttribute('aria-pressed', 'false');
	await expect(barB.getByRole('button', { name: ownCode, exact: true }).getByTestId('colleague-coding')).toHaveText('AF');
	await syncAndSettle(b.page);
	await syncAndSettle(a.page);

	// On A's tablet A's coding is still A's, and B's marker is gone.
	const barA3 = await codeTab(a.page);
	await expect(barA3.getByRole('button', { name: ownCode, exact: true })).toHaveAttribute('aria-pressed', 'true');
	await expect(barA3.getByRole('button', { name: ownCode, exact: true }).getByTestId('colleague-coding')).toHaveCount(0);

	// The intercoder view counts A's decision as A's alone, on both tablets.
	for (const who of [a, b]) {
		await who.page.goto('/review/intercoder');
		await who.page.getByLabel('Forsker A').selectOption({ label: 'Anna Forsker' });
		await who.page.getByLabel('Forsker B').selectOption({ label: 'Bjørn Feltarbeider' });
		const row = who.page.getByTestId('intercoder-table').locator('tbody tr').filter({ has: who.page.getByRole('rowheader', { name: ownCode, exact: true }) }).locator('td');
		// Columns: both, only A, only B, …
		await expect(row.nth(0)).toHaveText('0');
		await expect(row.nth(1)).toHaveText('1');
		await expect(row.nth(2)).toHaveText('0');
	}

	// The server's .qdpx has A's Coding of the code, and none by B.
	await a.page.goto('/export');
	const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.getByTestId('server-exports').getByRole('link', { name: 'REFI-QDA-prosjekt (.qdpx)' }).click()]);
	const qde = strFromU8(unzipSync(new Uint8Array(readFileSync(await download.path())))['project.qde']);
	const guidOf = (pattern: RegExp) => pattern.exec(qde)?.[1];
	const codeGuid = guidOf(new RegExp(`<Code [^>]*guid="([^"]+)"[^>]*name="${ownCode}"`)) ?? guidOf(new RegExp(`<Code [^>]*name="${ownCode}"[^>]*guid="([^"]+)"`));
	const annaGuid = guidOf(/<User [^>]*guid="([^"]+)"[^>]*name="Anna Forsker"/) ?? guidOf(/<User [^>]*name="Anna Forsker"[^>]*guid="([^"]+)"/);
	const bjornGuid = guidOf(/<User [^>]*guid="([^"]+)"[^>]*name="Bjørn Feltarbeider"/) ?? guidOf(/<User [^>]*name="Bjørn Feltarbeider"[^>]*guid="([^"]+)"/);
	expect(codeGuid).toBeTruthy();
	expect(annaGuid).toBeTruthy();
	const codingsOf = (user: string | undefined) =>
		[...qde.matchAll(/<Coding ([^>]*)>\s*<CodeRef [^>]*targetGUID="([^"]+)"/g)].filter(([, attrs, target]) => target === codeGuid && user !== undefined && attrs.includes(`creatingUser="${user}"`));
	expect(codingsOf(annaGuid)).toHaveLength(1);
	expect(codingsOf(bjornGuid)).toHaveLength(0);

	await a.context.close();
	await b.context.close();
});
