import { expect, test, type Page } from '@playwright/test';
import type { AppServer } from './support/appServer';
import { readTable } from './support/localDb';
import { createProject, nav, quickCapture } from './pages/app';
import { demoProjectName, inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer, syncAndSettle, type Tablet } from './pages/team';

// What a real field day sends: a camera photo, a long interview note, and a tablet with
// more than one project. Each reaches the other tablet; a project the server refuses
// holds back no other project.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

const anna = { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' };
const bjorn = { name: 'Bjørn Feltarbeider', email: 'bjorn@example.org', password: 'et-annet-passord-2' };
const workshop = 'Verksted med lærere og helsesykepleiere';
const waitingRoom = 'Observasjon i venterommet hos NAV';
/** The limit adapter-node puts on a request body when nobody raises it: what used to stop sync for good. */
const OLD_BODY_LIMIT = 512 * 1024;

async function openSession(page: Page, title: string): Promise<string> {
	await nav(page).getByRole('link', { name: 'Fangst' }).click();
	await page.getByTestId('session-list').getByRole('link', { name: new RegExp(title) }).click();
	await expect(page).toHaveURL(/\/sessions\/[^/#]+$/);
	await expect(page.getByTestId('note-editor')).toHaveAttribute('data-phase', 'ready');
	return new URL(page.url()).pathname.split('/').pop()!;
}

/** The server's projects for the signed-in person on this tablet, by name. */
async function serverProjectId(tablet: Tablet, name: string): Promise<string> {
	const response = await tablet.context.request.get('/api/projects');
	expect(response.status()).toBe(200);
	const { projects } = (await response.json()) as { projects: { id: string; name: string }[] };
	const project = projects.find((p) => p.name === name);
	expect(project, `${name} on the server`).toBeDefined();
	return project!.id;
}

/** Everything the server hands out for a project, as text, pulled with this tablet's cookie. */
async function serverLog(tablet: Tablet, projectId: string): Promise<string> {
	let after = 0;
	let text = '';
	for (;;) {
		const response = await tablet.context.request.get(`/api/projects/${projectId}/sync/pull?after=${after}`);
		expect(response.status()).toBe(200);
		const page = (await response.json()) as { changes: unknown[]; cursor: number; hasMore: boolean };
		text += JSON.stringify(page.changes);
		after = page.cursor;
		if (!page.hasMore) return text;
	}
}

/**
 * A camera-sized JPEG of about 2 MB made in the page: coarse random noise, which a JPEG
 * encoder cannot shrink much – the app's downscaled copy stays well above 512 KiB.
 */
async function cameraPhoto(page: Page): Promise<Buffer> {
	const base64 = await page.evaluate(async () => {
		const [w, h, block] = [2400, 1800, 3];
		const canvas = new OffscreenCanvas(w, h);
		const ctx = canvas.getContext('2d')!;
		const image = ctx.createImageData(w, h);
		let seed = 12345;
		const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
		for (let y = 0; y < h; y += block) {
			for (let x = 0; x < w; x += block) {
				const [r, g, b] = [next(), next(), next()];
				for (let dy = 0; dy < block; dy++) {
					for (let dx = 0; dx < block; dx++) {
						const i = ((y + dy) * w + x + dx) * 4;
						image.data.set([r, g, b, 255], i);
					}
				}
			}
		}
		ctx.putImageData(image, 0, 0);
		const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 })).arrayBuffer());
		let binary = '';
		for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
		return btoa(binary);
	});
	return Buffer.from(base64, 'base64');
}

interface AttachmentRow {
	id: string;
	sessionId: string;
	sha256: string;
	size: number;
	width: number | null;
	deleted: number;
}

test('a 2 MB photo taken on one tablet reaches the server and shows on the other @one-viewport', async ({ browser }) => {
	test.setTimeout(240_000);
	server = await startTeamServer({ startTimeoutMs: 120_000 });
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, anna, { goesOffline: false });
	await inviteAndJoin(a.page, b.page, 'forsker', bjorn);
	const projectId = await serverProjectId(a, demoProjectName);

	// A takes the photo in the workshop (no participant there whose consent rules photos out).
	const photo = await cameraPhoto(a.page);
	expect(photo.length).toBeGreaterThan(1.9 * 1024 * 1024);
	const sessionId = await openSession(a.page, workshop);
	await a.page.getByTestId('session-media').getByTestId('media-photo-input').setInputFiles({ name: 'tavle.jpg', mimeType: 'image/jpeg', buffer: photo });
	await expect(a.page.getByTestId('session-media').getByTestId('photo')).toHaveCount(1);
	const [kept] = (await readTable<AttachmentRow>(a.page, 'attachments')).filter((row) => row.sessionId === sessionId);
	// The app keeps a 1600 px copy: that copy, not the camera file, is what travels.
	expect(kept).toMatchObject({ width: 1600, deleted: 0 });
	expect(kept.size).toBeGreaterThan(OLD_BODY_LIMIT);
	await syncAndSettle(a.page);
	await expect
		.poll(async () => (await readTable<{ sha256: string; uploaded: number }>(a.page, 'blobs')).find((blob) => blob.sha256 === kept.sha256)?.uploaded, {
			timeout: 30_000
		})
		.toBe(1);
	// Only now, with the photo's bytes there too, does the header say so.
	await expect(a.page.getByTestId('pending-count')).toHaveText('Alt lagret på serveren');

	// The server holds the bytes, whole, as a photo.
	const download = await a.context.request.get(`/api/projects/${projectId}/blobs/${kept.sha256}`);
	expect(download.status()).toBe(200);
	expect(download.headers()['content-type']).toBe('image/jpeg');
	expect((await download.body()).length).toBe(kept.size);
	test.info().annotations.push({ type: 'photo', description: `camera file ${photo.length} bytes (2400×1800) → ${kept.size} bytes (1600×1200) uploaded and downloaded` });

	// B receives the attachment and fetches its bytes when the session is opened.
	await syncAndSettle(b.page);
	await openSession(b.page, workshop);
	const shown = b.page.getByTestId('session-media').getByTestId('photo');
	await expect(shown).toHaveCount(1);
	await expect(shown).toHaveAttribute('data-size', String(kept.size));
	const image = shown.locator('img');
	await expect(image).toHaveJSProperty('complete', true);
	await expect(image).toHaveJSProperty('naturalWidth', 1600);

	await a.context.close();
	await b.context.close();
});

test('a 600 000-character note pasted on one tablet syncs whole to the other; nothing is left waiting @one-viewport', async ({ browser }) => {
	test.setTimeout(240_000);
	server = await startTeamServer({ startTimeoutMs: 120_000 });
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, anna, { goesOffline: false });
	await inviteAndJoin(a.page, b.page, 'forsker', bjorn);

	// Six hundred lines of a thousand characters: a long transcript pasted into the note.
	const lines = Array.from({ length: 600 }, (_, i) => {
		const head = `Linje ${String(i + 1).padStart(3, '0')}: `;
		return head + 'ungdommen forteller om skolen og fritida. '.repeat(30).slice(0, 1000 - head.length);
	});
	const transcript = lines.join('\n');
	expect(lines.join('').length).toBe(600_000);

	await openSession(a.page, waitingRoom);
	const editor = a.page.getByTestId('note-surface');
	const before = (await editor.textContent())!.length;
	await editor.click();
	await a.page.keyboard.press('Control+End');
	// A paste, as the browser delivers it from the clipboard: the editor takes plain text as paragraphs.
	await editor.evaluate((surface, text) => {
		const data = new DataTransfer();
		data.setData('text/plain', text);
		surface.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
	}, transcript);
	await expect(editor.locator('p', { hasText: 'Linje 600:' })).toHaveCount(1);
	expect((await editor.textContent())!.length).toBe(before + 600_000);
	await expect(a.page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved', { timeout: 20_000 });

	// Sent in full: no change refused as too large, none waiting for ever.
	await syncAndSettle(a.page);
	await expect(a.page.getByTestId('pending-count')).toHaveAttribute('data-count', '0');
	await expect(a.page.getByTestId('pending-count')).toHaveText('Alt lagret på serveren');
	await expect(a.page.getByTestId('rejected-count')).toHaveCount(0);
	await expect(a.page.getByTestId('sync-status')).toHaveAttribute('data-phase', 'idle');

	await syncAndSettle(b.page);
	await openSession(b.page, waitingRoom);
	const onB = b.page.getByTestId('note-surface');
	await expect(onB.locator('p', { hasText: 'Linje 600:' })).toHaveCount(1);
	const text = (await onB.textContent())!;
	expect(text.length).toBe(before + 600_000);
	for (const line of [lines[0], lines[299], lines[599]]) expect(text).toContain(line);

	await a.context.close();
	await b.context.close();
});

test('a project the server refuses holds back no other project on the tablet @one-viewport', async ({ browser }) => {
	test.setTimeout(240_000);
	server = await startTeamServer({ startTimeoutMs: 120_000 });
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	// B co-owns the demo project; A also has a second project of its own.
	await ownerSharesDemo(a.page, anna, { goesOffline: false });
	await inviteAndJoin(a.page, b.page, 'eier', bjorn);
	const second = 'Andre prosjekt';
	await createProject(a.page, second);
	await a.page.goto('/');
	const secondCard = a.page.getByTestId('project-list').getByRole('listitem').filter({ has: a.page.getByRole('heading', { name: second }) });
	await secondCard.getByTestId('share-project').click();
	await expect(secondCard.getByTestId('project-linked')).toBeVisible();
	await syncAndSettle(a.page);
	const demoId = await serverProjectId(a, demoProjectName);
	const secondId = await serverProjectId(a, second);
	// The tablet syncs its linked projects in id order: the refused one comes first.
	expect(demoId < secondId).toBe(true);

	// B, as an owner of the demo project, removes A from it on the team page.
	await b.page.goto(`/projects/${demoId}/team`);
	b.page.once('dialog', (dialog) => void dialog.accept());
	await b.page.getByTestId('member').filter({ hasText: anna.name }).getByTestId('member-remove').click();
	await expect(b.page.getByTestId('team-notice')).toHaveText(`${anna.name} er fjernet fra prosjektet.`);

	// A, unaware, writes in both projects: the demo first, then the second one.
	await a.page.goto('/');
	await a.page.getByTestId('project-list').getByRole('listitem').filter({ has: a.page.getByRole('heading', { name: demoProjectName }) }).getByRole('button', { name: 'Bruk dette prosjektet' }).click();
	await nav(a.page).getByRole('link', { name: 'Fangst' }).click();
	await quickCapture(a.page, 'Observasjon', 'Skrevet i demoen etter at jeg ble fjernet');
	await a.page.goto('/');
	await secondCard.getByRole('button', { name: 'Bruk dette prosjektet' }).click();
	await nav(a.page).getByRole('link', { name: 'Fangst' }).click();
	await quickCapture(a.page, 'Observasjon', 'Skrevet i det andre prosjektet');

	// One round: the demo is refused, and the second project is synced all the same.
	await a.page.goto('/settings#sync');
	await a.page.getByTestId('sync-now').click();
	await expect(a.page.getByTestId('sync-phase')).toHaveAttribute('data-phase', 'error', { timeout: 20_000 });
	await expect(a.page.getByTestId('sync-phase')).toContainText('Serveren nekter tilgang til prosjektet');
	await expect.poll(async () => (await serverLog(a, secondId)).includes('Skrevet i det andre prosjektet'), { timeout: 20_000 }).toBe(true);
	// What A wrote in the demo stays on A's tablet, waiting, and never reached the server.
	await expect(a.page.getByTestId('pending-count')).not.toHaveAttribute('data-count', '0');
	expect(await serverLog(b, demoId)).not.toContain('Skrevet i demoen etter at jeg ble fjernet');

	await a.context.close();
	await b.context.close();
});
