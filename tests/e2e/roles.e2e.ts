import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppServer, type AppServer } from './support/appServer';
import { nav } from './pages/app';
import { inviteAndJoin, openTablet, ownerSharesDemo, syncAndSettle } from './pages/team';

// Screens follow the role: a reviewer (B) reads sessions, notes, participants, the codebook
// and the map, but is offered no capture or edit control – and opening them queues nothing.
// The owner (A) lists and revokes an open invitation and changes B's role on the team page.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

/** What this tablet has queued for the server: field changes and unsent note updates, read from IndexedDB. */
async function queued(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('feltinnsikt');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['outbox', 'noteUpdates'], 'readonly');
					const outbox = tx.objectStore('outbox').count();
					const updates = tx.objectStore('noteUpdates').getAll();
					tx.oncomplete = () => {
						const unsent = (updates.result as { synced: number }[]).filter((u) => u.synced === 0).length;
						db.close();
						resolve(outbox.result + unsent);
					};
					tx.onerror = () => reject(tx.error);
				};
			})
	);
}

test('a reviewer gets read-only screens that queue nothing; the owner revokes an invitation and changes the role @one-viewport', async ({ browser }) => {
	test.setTimeout(240_000);
	// A server of its own; a slow machine may need more than the default start time.
	server = await startAppServer({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'feltinnsikt-roles-')) }, startTimeoutMs: 120_000 });
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, { name: 'Anna Eier', email: 'anna@example.org', password: 'lang-nok-passord-1' }, { goesOffline: false });
	await inviteAndJoin(a.page, b.page, 'gjennomgår', { name: 'Bjørn Gjennomgår', email: 'bjorn@example.org', password: 'et-annet-passord-2' });
	const r = b.page;
	expect(await queued(r)).toBe(0);

	// Capture: no new session, no quick capture; the sessions are there to read.
	await nav(r).getByRole('link', { name: 'Fangst' }).click();
	await expect(r.getByTestId('capture-read-only')).toBeVisible();
	await expect(r.getByTestId('session-form')).toHaveCount(0);
	await expect(r.getByTestId('quick-capture')).toHaveCount(0);

	// A session: the note is read-only (no toolbar, not editable), and opening it writes nothing.
	await r.getByTestId('session-list').getByRole('link').first().click();
	await expect(r.getByTestId('note-editor')).toHaveAttribute('data-phase', 'ready');
	await expect(r.getByTestId('note-read-only')).toBeVisible();
	await expect(r.getByRole('toolbar', { name: 'Formatering og markering' })).toHaveCount(0);
	await expect(r.getByTestId('note-surface')).toHaveAttribute('contenteditable', 'false');
	await expect(r.getByTestId('note-status')).toHaveCount(0);
	// The note store would write its text snapshot after a pause (1.5 s): give it that pause.
	await r.waitForTimeout(2_500);
	expect(await queued(r)).toBe(0);

	// Participants: listed, without the form or consent actions.
	await r.goto('/participants');
	await expect(r.getByTestId('participant').first()).toBeVisible();
	await expect(r.getByTestId('participants-read-only')).toBeVisible();
	await expect(r.getByRole('heading', { name: 'Ny deltaker' })).toHaveCount(0);
	await expect(r.getByRole('button', { name: 'Trekk tilbake samtykke' })).toHaveCount(0);
	await expect(r.getByTestId('participant').getByRole('button')).toHaveCount(0);

	// Codebook: codes to read, nothing to add, edit, merge or delete.
	await r.goto('/codebook');
	await expect(r.getByTestId('code').first()).toBeVisible();
	await expect(r.getByTestId('codebook-read-only')).toBeVisible();
	await expect(r.getByRole('button', { name: 'Legg til kode' })).toHaveCount(0);
	await expect(r.getByTestId('code').getByRole('button')).toHaveCount(0);

	// Map: the grid to read, no tagging of evidence onto it, no map editing.
	await nav(r).getByRole('link', { name: 'Kart' }).click();
	await expect(r.getByTestId('map-grid')).toBeVisible();
	await expect(r.getByTestId('map-read-only')).toBeVisible();
	await expect(r.getByTestId('drag-source')).toHaveCount(0);
	expect(await queued(r)).toBe(0);
	await expect(r.getByTestId('pending-count')).toHaveAttribute('data-count', '0');
	await expect(r.getByTestId('rejected-count')).toHaveCount(0);

	// The owner's team page: the reviewer by name, an open invitation listed and revoked.
	await a.page.goto('/');
	await a.page.getByRole('link', { name: 'Team og invitasjoner' }).click();
	const bjorn = a.page.getByTestId('member').filter({ hasText: 'Bjørn Gjennomgår' });
	await expect(bjorn).toHaveAttribute('data-role', 'reviewer');
	await expect(a.page.getByTestId('role-help')).toContainText('Gjennomgår: leser alt');
	await expect(a.page.getByTestId('open-invites-none')).toBeVisible();
	await a.page.getByLabel('Rolle', { exact: true }).selectOption({ label: 'forsker' });
	await a.page.getByRole('button', { name: 'Lag invitasjon' }).click();
	const code = (await a.page.getByTestId('invite-code').getAttribute('data-code'))!;
	const listed = a.page.locator(`[data-testid="open-invite"][data-code="${code}"]`);
	await expect(listed).toContainText('forsker');
	a.page.once('dialog', (dialog) => void dialog.accept());
	await listed.getByTestId('invite-revoke').click();
	await expect(a.page.getByTestId('team-notice')).toHaveText('Invitasjonen er trukket tilbake.');
	await expect(a.page.getByTestId('open-invites-none')).toBeVisible();
	// The only owner can be neither demoted nor removed.
	const anna = a.page.getByTestId('member').filter({ hasText: 'Anna Eier' });
	await expect(anna.getByTestId('member-role')).toBeDisabled();
	await expect(anna.getByTestId('member-remove')).toHaveCount(0);

	// A revoked code is no invitation at all: the join screen says so in words.
	await r.goto(`/join/${code}`);
	await expect(r.getByRole('alert').first()).toHaveText('Fant ingen invitasjon med denne koden. Sjekk koden, eller be om en ny.');

	// A makes B a researcher: B's screens offer capture again.
	await bjorn.getByTestId('member-role').selectOption({ label: 'forsker' });
	await expect(a.page.getByTestId('team-notice')).toHaveText('Bjørn Gjennomgår er nå forsker.');
	await expect(bjorn).toHaveAttribute('data-role', 'researcher');
	await syncAndSettle(r);
	await nav(r).getByRole('link', { name: 'Fangst' }).click();
	await expect(r.getByTestId('quick-capture')).toBeVisible();
	await expect(r.getByTestId('session-form')).toBeVisible();

	await a.context.close();
	await b.context.close();
});
