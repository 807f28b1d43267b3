import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { expect, test, type Download, type Page } from '@playwright/test';
import type { AppServer } from './support/appServer';
import { inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer, syncAndSettle } from './pages/team';

// "Slett for godt" across devices: an owner erases P-001 while a colleague's tablet is
// offline. When that tablet syncs, nothing of P-001 is left on it – not in any store of its
// database, not in a new backup or export – and a backup it took before the erasure,
// restored afterwards, does not bring her back.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

const alone = 'Blåbærturen med bestefar var det siste fine.';
const hers = 'Jeg gjemte meg på doen hele storefri.';
const theirs = 'P-004 sier at klubben er det eneste stedet hun slapper av.';

const editor = (page: Page) => page.getByRole('textbox', { name: 'Notater fra økta' });
const participant = (page: Page, code: string) => page.locator(`[data-testid="participant"][data-code="${code}"]`);

async function startSessionWith(page: Page, title: string, code: string) {
	await page.goto('/capture');
	const session = page.getByTestId('session-form');
	await session.getByLabel('Tittel').fill(title);
	await session.getByLabel(code).check();
	await session.getByRole('button', { name: 'Start økten' }).click();
	await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
	await expect(editor(page)).toBeVisible();
}

/** Types a sentence as its own paragraph and highlights it as a quote, saved. */
async function quote(page: Page, sentence: string) {
	await editor(page).click();
	await page.keyboard.press('Control+End');
	await page.keyboard.press('Enter');
	await page.keyboard.type(sentence);
	await expect(page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
	await page.keyboard.press('Shift+Home');
	await page.getByTestId('note-highlight').click();
	await page.getByRole('group', { name: 'Lagre markeringen som' }).getByRole('button', { name: 'Sitat' }).click();
	await expect(page.getByTestId('note-notice')).toHaveText('Markeringen er lagret som bevis.');
	await expect(page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
}

/**
 * Every object store of the app's IndexedDB, read with plain IndexedDB in the page, as
 * text: rows as JSON, byte arrays (note updates) and blobs (photos, recordings) decoded.
 */
async function dumpIndexedDb(page: Page): Promise<string> {
	return page.evaluate(
		() =>
			new Promise<string>((resolve, reject) => {
				const open = indexedDB.open('feltinnsikt');
				open.onerror = () => reject(open.error);
				open.onsuccess = async () => {
					const db = open.result;
					const decode = new TextDecoder('utf-8', { fatal: false });
					const parts: string[] = [];
					const blobs: Blob[] = [];
					const walk = (v: unknown): unknown => {
						if (v instanceof Uint8Array) return decode.decode(v);
						if (v instanceof ArrayBuffer) return decode.decode(new Uint8Array(v));
						if (v instanceof Blob) {
							blobs.push(v);
							return `[blob ${v.size}]`;
						}
						if (Array.isArray(v)) return v.map(walk);
						if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
						return v;
					};
					for (const name of Array.from(db.objectStoreNames)) {
						const rows = await new Promise<unknown[]>((ok, fail) => {
							const all = db.transaction(name).objectStore(name).getAll();
							all.onsuccess = () => ok(all.result);
							all.onerror = () => fail(all.error);
						});
						parts.push(`## ${name} (${rows.length})`, ...rows.map((r) => JSON.stringify(walk(r))));
					}
					for (const b of blobs) parts.push(decode.decode(new Uint8Array(await b.arrayBuffer())));
					db.close();
					resolve(parts.join('\n'));
				};
			})
	);
}

const unzipText = async (download: Download) =>
	Object.values(unzipSync(new Uint8Array(readFileSync((await download.path())!))))
		.map((b) => new TextDecoder().decode(b))
		.join('\n');

async function downloadBackupAndExport(page: Page): Promise<{ backup: Download; text: string }> {
	await page.goto('/export');
	// Unsealed, so the check below can read every word the file holds.
	await page.getByTestId('backup-plain').check();
	await expect(page.getByTestId('backup-plain-warning')).toBeVisible();
	const [backup] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-backup').click()]);
	const [qdpx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-qdpx').click()]);
	const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
	return { backup, text: [await unzipText(backup), await unzipText(qdpx), readFileSync((await csv.path())!, 'utf8')].join('\n') };
}

const hits = (text: string, phrase: string) => text.split(phrase).length - 1;
/** The dump's sections (`## store`) that hold the phrase: said when a check fails. */
const holders = (text: string, phrase: string) =>
	text
		.split(/^(?=## )/m)
		.filter((part) => part.includes(phrase))
		.map((part) => part.split('\n')[0]);

test('an erasure reaches a tablet that was offline, its backups and exports, and an older backup restored later @one-viewport', async ({ browser }) => {
	test.setTimeout(900_000);
	server = await startTeamServer({ startTimeoutMs: 300_000 });
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, { name: 'Anna Eier', email: 'anna@example.org', password: 'lang-nok-passord-1' });
	await inviteAndJoin(a.page, b.page, 'forsker', { name: 'Bjørn Forsker', email: 'bjorn@example.org', password: 'et-annet-passord-2' });

	// P-001 alone, and a talk begun with her that P-004 joins and speaks in.
	await startSessionWith(a.page, 'Samtale med P-001 alene', 'P-001');
	await quote(a.page, alone);
	await startSessionWith(a.page, 'Samtale med P-001 og P-004', 'P-001');
	await quote(a.page, hers);
	await a.page.getByTestId('session-edit').click();
	await a.page.getByTestId('session-edit-form').getByLabel('P-004').check();
	await a.page.getByTestId('session-edit-form').getByRole('button', { name: 'Lagre økten' }).click();
	await expect(a.page.getByTestId('session-edit-form')).toHaveCount(0);
	await editor(a.page).click();
	await a.page.keyboard.press('Control+End');
	await a.page.keyboard.press('Enter');
	await a.page.keyboard.type(theirs);
	await expect(a.page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
	await syncAndSettle(a.page);

	// B has it all, and takes a backup; then B goes offline.
	await syncAndSettle(b.page);
	const before = await dumpIndexedDb(b.page);
	// Their highlighted sentences are whole in the rows; typed note text is one Yjs item per keystroke in the raw bytes.
	for (const p of [alone, hers]) expect(hits(before, p), p).toBeGreaterThan(0);
	const { backup: oldBackup, text: oldFiles } = await downloadBackupAndExport(b.page);
	expect(hits(oldFiles, hers)).toBeGreaterThan(0);
	const oldBackupPath = (await oldBackup.path())!;
	await b.context.setOffline(true);

	// A erases P-001: the code must be typed out.
	await a.page.goto('/participants');
	const card = participant(a.page, 'P-001');
	await card.getByTestId('erase-open').click();
	await expect(card.getByTestId('erase-confirm')).toBeDisabled();
	await card.getByTestId('erase-code').fill('P-00');
	await expect(card.getByTestId('erase-confirm')).toBeDisabled();
	await card.getByTestId('erase-code').fill('P-001');
	await card.getByTestId('erase-confirm').click();
	await expect(participant(a.page, 'P-001')).toHaveCount(0);
	await expect(a.page.getByTestId('erasure-line')).toHaveText(/P-001 slettet av .+ den \d{4}-\d\d-\d\d/);
	await syncAndSettle(a.page);

	// B comes back and syncs.
	await b.context.setOffline(false);
	await syncAndSettle(b.page);
	const after = await dumpIndexedDb(b.page);
	for (const p of [alone, hers]) expect(hits(after, p), `${p} in ${holders(after, p).join(', ')}`).toBe(0);
	expect(after).toMatch(/## noteUpdates \([1-9]/);
	const { text: newFiles } = await downloadBackupAndExport(b.page);
	for (const p of [alone, hers]) expect(hits(newFiles, p), p).toBe(0);
	expect(hits(newFiles, theirs)).toBeGreaterThan(0);
	await b.page.goto('/participants');
	await expect(b.page.getByTestId('erasure-line')).toContainText('P-001 slettet av');

	// The backup from before the erasure, restored on B: she does not come back, nor after a sync.
	await b.page.goto('/export');
	await b.page.getByTestId('restore-file').setInputFiles(oldBackupPath);
	await expect(b.page.getByTestId('restore-message')).toContainText('Gjenopprettet');
	for (const p of [alone, hers]) expect(hits(await dumpIndexedDb(b.page), p), p).toBe(0);
	await syncAndSettle(b.page);
	for (const p of [alone, hers]) expect(hits(await dumpIndexedDb(b.page), p), p).toBe(0);

	// The server's own backup of the project holds nothing of hers either.
	const projectId = await a.page.evaluate(
		() =>
			new Promise<string>((resolve) => {
				const open = indexedDB.open('feltinnsikt');
				open.onsuccess = () => {
					const all = open.result.transaction('projects').objectStore('projects').getAll();
					all.onsuccess = () => resolve((all.result as { id: string }[])[0].id);
				};
			})
	);
	const fromServer = await a.page.request.get(`/api/projects/${projectId}/backup`);
	expect(fromServer.status()).toBe(200);
	const serverText = Object.values(unzipSync(new Uint8Array(await fromServer.body())))
		.map((x) => new TextDecoder().decode(x))
		.join('\n');
	for (const p of [alone, hers]) expect(hits(serverText, p), p).toBe(0);
	expect(hits(serverText, theirs)).toBeGreaterThan(0);
	await a.context.close();
	await b.context.close();
});
