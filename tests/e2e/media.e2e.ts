import { expect, test, type Page } from '@playwright/test';
import { loadDemo } from './pages/app';
import { formatViolations, seriousViolations } from './support/axe';
import { readTable } from './support/localDb';

// Audio and photos in a session. Chromium runs with a fake microphone (a beeping tone)
// and auto-accepted permission prompts (see playwright.config.ts). The demo project's
// sessions carry the consent cases: Fyret (P-001 audio, P-004 audio+photo), NAV's
// waiting room (P-003: notes only) and the teachers' workshop (no participants).

const fyret = 'Samtale på ungdomsklubben Fyret';
const nav = 'Observasjon i venterommet hos NAV';
const workshop = 'Verksted med lærere og helsesykepleiere';

async function openSession(page: Page, title: string): Promise<string> {
	await page.getByTestId('session-list').getByRole('link', { name: new RegExp(title) }).click();
	await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(media(page)).toBeVisible();
	return new URL(page.url()).pathname.split('/').pop()!;
}

function media(page: Page) {
	return page.getByTestId('session-media');
}

interface AttachmentRow {
	id: string;
	kind: string;
	sessionId: string;
	sha256: string;
	size: number;
	mime: string;
	durationMs: number | null;
	width: number | null;
	height: number | null;
	deleted: number;
}
interface BlobRow {
	sha256: string;
	size: number;
	mime: string;
	uploaded: number;
	blobSize: number;
}

async function attachmentsOf(page: Page, sessionId: string): Promise<AttachmentRow[]> {
	return (await readTable<AttachmentRow>(page, 'attachments')).filter((a) => a.sessionId === sessionId);
}

async function partialChunks(page: Page): Promise<BlobRow[]> {
	return (await readTable<BlobRow>(page, 'blobs')).filter((b) => b.sha256.startsWith('partial:'));
}

/** Starts recording; resolves with the moment (test clock) the recorder was running. */
async function startRecording(page: Page): Promise<number> {
	await media(page).getByRole('button', { name: 'Ta opp lyd' }).click();
	await expect(media(page).getByRole('button', { name: 'Stopp opptaket' })).toBeVisible();
	return Date.now();
}

test.beforeEach(async ({ page }) => {
	await loadDemo(page);
});

test('records audio with a running clock and keeps it as an attachment that plays from a moment', async ({ page }) => {
	const sessionId = await openSession(page, fyret);
	const clock = media(page).getByTestId('media-clock');
	await expect(clock).toHaveText('0:00');

	const startedAt = await startRecording(page);
	// The clock is recordingOffsetMs(session): it reads 0:02 two seconds in.
	await expect(clock).toHaveText('0:02', { timeout: 5_000 });
	const sawTwoAfter = Date.now() - startedAt;
	expect(sawTwoAfter).toBeGreaterThanOrEqual(1_500);
	expect(sawTwoAfter).toBeLessThan(3_500);
	// Chunks reach IndexedDB while it records, not only at the end.
	await expect.poll(async () => (await partialChunks(page)).length).toBeGreaterThanOrEqual(1);

	await page.waitForTimeout(Math.max(0, 3_000 - (Date.now() - startedAt)));
	await media(page).getByRole('button', { name: 'Stopp opptaket' }).click();

	const item = media(page).getByTestId('recording');
	await expect(item).toHaveCount(1);
	await expect(media(page).getByTestId('media-status')).toContainText('Opptaket er lagret');
	await expect(clock).toHaveText('0:00');

	const [row] = await attachmentsOf(page, sessionId);
	expect(row).toMatchObject({ kind: 'audio', deleted: 0 });
	expect(row.mime).toMatch(/^audio\//);
	expect(row.size).toBeGreaterThan(0);
	expect(row.durationMs).not.toBeNull();
	expect(Math.abs(row.durationMs! - 3_000)).toBeLessThanOrEqual(1_000);
	expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
	await expect(item).toHaveAttribute('data-size', String(row.size));

	const blobs = await readTable<BlobRow>(page, 'blobs');
	expect(blobs.find((b) => b.sha256 === row.sha256)).toMatchObject({ size: row.size, blobSize: row.size, uploaded: 0 });
	expect(await partialChunks(page)).toEqual([]);
	test.info().annotations.push({
		type: 'audio',
		description: `${row.mime}: ${row.size} bytes in ${row.durationMs} ms = ${Math.round(row.size / (row.durationMs! / 1000))} bytes/s`
	});

	// A time badge in the notes asks for a moment: the player seeks there.
	const audio = item.locator('audio');
	await expect(audio).toHaveAttribute('src', /^blob:/);
	// The length is written into the WebM header, so the player shows it and can scrub.
	await expect
		.poll(() => audio.evaluate((el: HTMLAudioElement) => el.duration))
		.toBeCloseTo(row.durationMs! / 1000, 1);
	await page.evaluate(
		(attachmentId) => window.dispatchEvent(new CustomEvent('feltinnsikt:play-at', { detail: { attachmentId, offsetMs: 1500 } })),
		row.id
	);
	await expect
		.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 5_000 })
		.toBeGreaterThanOrEqual(1.4);
	await audio.evaluate((el: HTMLAudioElement) => el.pause());

	const violations = await seriousViolations(page, { include: ['[data-testid=session-media]'] });
	expect(violations, formatViolations(violations)).toEqual([]);
});

test('refuses to record when a participant has not consented to audio, and stores nothing', async ({ page }) => {
	const sessionId = await openSession(page, nav);
	await media(page).getByRole('button', { name: 'Ta opp lyd' }).click();

	const alert = media(page).getByRole('alert');
	await expect(alert).toContainText('Lydopptak er ikke tillatt');
	await expect(alert).toContainText('P-003');
	await expect(alert).toContainText('dekker ikke lydopptak');
	await expect(media(page).getByRole('button', { name: 'Stopp opptaket' })).toHaveCount(0);
	await expect(media(page).getByTestId('media-clock')).toHaveText('0:00');

	await page.waitForTimeout(1_500);
	expect(await attachmentsOf(page, sessionId)).toEqual([]);
	expect(await partialChunks(page)).toEqual([]);
});

test('a recording cut off by a closed tab is recovered from its chunks when the session is opened again', async ({ page, context }) => {
	const sessionId = await openSession(page, fyret);
	const startedAt = await startRecording(page);
	await expect.poll(async () => (await partialChunks(page)).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
	const keptMs = Date.now() - startedAt;
	// The tablet dies: no stop, no unload handlers.
	await page.close({ runBeforeUnload: false });

	const again = await context.newPage();
	await again.goto(`/sessions/${sessionId}`);
	await expect(media(again).getByTestId('recording')).toHaveCount(1);
	await expect(media(again).getByTestId('media-status')).toContainText('hentet inn igjen');
	const [row] = await attachmentsOf(again, sessionId);
	expect(row).toMatchObject({ kind: 'audio' });
	expect(row.size).toBeGreaterThan(0);
	// Up to the last chunk written before the crash: at most about a second is lost.
	expect(row.durationMs!).toBeGreaterThanOrEqual(1_000);
	expect(row.durationMs!).toBeLessThanOrEqual(keptMs + 1_000);
	expect(await partialChunks(again)).toEqual([]);
});

/** A JPEG of the given size made in the page, optionally carrying an EXIF orientation. */
async function makeJpeg(page: Page, width: number, height: number, orientation?: number): Promise<Buffer> {
	const base64 = await page.evaluate(
		async ([w, h]) => {
			const canvas = new OffscreenCanvas(w, h);
			const ctx = canvas.getContext('2d')!;
			// Noise, like a real photo, so the encoder has something to compress.
			const image = ctx.createImageData(w, h);
			for (let i = 0; i < image.data.length; i += 4) {
				const v = (Math.sin(i / 997) * 60 + ((i * 2654435761) % 97)) | 0;
				image.data[i] = 120 + v;
				image.data[i + 1] = 100 + ((i / 4) % w) / (w / 80);
				image.data[i + 2] = 90 + v / 2;
				image.data[i + 3] = 255;
			}
			ctx.putImageData(image, 0, 0);
			const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
			const bytes = new Uint8Array(await blob.arrayBuffer());
			let binary = '';
			for (const b of bytes) binary += String.fromCharCode(b);
			return btoa(binary);
		},
		[width, height] as const
	);
	const jpeg = Buffer.from(base64, 'base64');
	if (orientation === undefined) return jpeg;
	// APP1 "Exif" with one IFD entry: Orientation (0x0112), SHORT, 1 value.
	const tiff = Buffer.from([
		0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00
	]);
	const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
	const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
	return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

test('photos: refused without photo consent; otherwise downscaled, upright, stored by hash, and deleted with undo', async ({ page }) => {
	const big = await makeJpeg(page, 4000, 3000);
	const rotated = await makeJpeg(page, 400, 300, 6);

	// Fyret: P-001 consented to audio but not photos.
	const fyretId = await openSession(page, fyret);
	await media(page).getByTestId('media-photo-input').setInputFiles({ name: 'tavle.jpg', mimeType: 'image/jpeg', buffer: big });
	await expect(media(page).getByRole('alert')).toContainText('Bilder er ikke tillatt');
	await expect(media(page).getByRole('alert')).toContainText('P-001');
	expect(await attachmentsOf(page, fyretId)).toEqual([]);

	// The workshop has no participants whose consent could be missing.
	await page.goto('/capture');
	const workshopId = await openSession(page, workshop);
	const input = media(page).getByTestId('media-photo-input');
	await expect(media(page).getByText('Ta bilde')).toBeVisible();
	await input.setInputFiles({ name: 'tavle.jpg', mimeType: 'image/jpeg', buffer: big });
	await expect(media(page).getByTestId('photo')).toHaveCount(1);
	await input.setInputFiles({ name: 'stående.jpg', mimeType: 'image/jpeg', buffer: rotated });
	await expect(media(page).getByTestId('photo')).toHaveCount(2);
	await expect(media(page).getByTestId('media-storage')).toContainText('Lagring på enheten');

	const photos = await attachmentsOf(page, workshopId);
	const large = photos.find((p) => p.width === 1600)!;
	expect(large).toMatchObject({ kind: 'photo', width: 1600, height: 1200, mime: 'image/jpeg' });
	expect(large.size).toBeGreaterThan(0);
	expect(large.size).toBeLessThan(big.length);
	// EXIF orientation 6 (rotate 90°): a 400×300 sensor image is kept upright as 300×400.
	expect(photos.find((p) => p !== large)).toMatchObject({ width: 300, height: 400 });
	const blobs = await readTable<BlobRow>(page, 'blobs');
	expect(blobs.find((b) => b.sha256 === large.sha256)).toMatchObject({ size: large.size, mime: 'image/jpeg' });
	test.info().annotations.push({ type: 'photo', description: `4000×3000 JPEG ${big.length} bytes → 1600×1200 ${large.size} bytes` });
	await expect(media(page).getByTestId('photo').first().locator('img')).toHaveJSProperty('complete', true);

	const violations = await seriousViolations(page, { include: ['[data-testid=session-media]'] });
	expect(violations, formatViolations(violations)).toEqual([]);

	// Delete is a tombstone with undo; the bytes stay until the server prunes them.
	await media(page).getByTestId('photo').first().getByRole('button', { name: /^Slett bildet/ }).click();
	await expect(media(page).getByTestId('photo')).toHaveCount(1);
	await page.getByRole('status').getByRole('button', { name: 'Angre' }).click();
	await expect(media(page).getByTestId('photo')).toHaveCount(2);
	expect((await readTable<BlobRow>(page, 'blobs')).some((b) => b.sha256 === large.sha256)).toBe(true);
});

test('a paragraph typed two seconds into a recording carries that offset and plays the recording from there', async ({ page }) => {
	const sessionId = await openSession(page, fyret);
	const editor = page.locator('[data-testid=note-editor] .ProseMirror');
	await expect(editor).toBeVisible();

	const clickedAt = Date.now();
	const startedAt = await startRecording(page);
	await page.waitForTimeout(Math.max(0, 2_000 - (Date.now() - startedAt)));
	await editor.click();
	await page.keyboard.press('Control+End');
	// The window in which the paragraph was made, as the recording's clock saw it: the
	// recording started between the tap and the Stop button showing (a loaded machine
	// stretches both, so the bounds are measured, not fixed).
	const typingFrom = Date.now() - startedAt;
	await page.keyboard.press('Enter');
	await page.keyboard.type('Hun sier at ingen spurte.');
	const typingTo = Date.now() - clickedAt;
	await page.waitForTimeout(1_000);
	await media(page).getByRole('button', { name: 'Stopp opptaket' }).click();
	await expect(media(page).getByTestId('recording')).toHaveCount(1);

	const [row] = await attachmentsOf(page, sessionId);
	const paragraph = editor.locator('p', { hasText: 'Hun sier at ingen spurte.' });
	await expect(paragraph).toHaveAttribute('data-attachment-id', row.id);
	const offsetMs = Number(await paragraph.getAttribute('data-offset-ms'));
	expect(offsetMs).toBeGreaterThanOrEqual(Math.max(1_500, typingFrom - 250));
	expect(offsetMs).toBeLessThanOrEqual(typingTo + 250);

	// The paragraph's time badge plays the recording from that moment.
	await paragraph.locator('button.time-badge').click();
	const audio = media(page).getByTestId('recording').locator('audio');
	await expect
		.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 5_000 })
		.toBeGreaterThanOrEqual(offsetMs / 1000 - 0.1);
	await audio.evaluate((el: HTMLAudioElement) => el.pause());
});

// Slow (the browser notices its quota late), and the viewport does not matter: one project runs it.
test('a full disk stops the recording with a clear message and loses nothing already recorded @one-viewport', async ({ page, baseURL }) => {
	test.setTimeout(120_000);
	const sessionId = await openSession(page, fyret);
	// Chromium's own quota, shrunk to what is stored now plus a little: IndexedDB then throws QuotaExceededError.
	const cdp = await page.context().newCDPSession(page);
	const origin = new URL(baseURL!).origin;
	const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 20_000 });

	const startedAt = await startRecording(page);
	await expect(media(page).getByRole('alert')).toContainText('Enheten er full', { timeout: 60_000 });
	const stoppedAfter = Date.now() - startedAt;
	await expect(media(page).getByRole('button', { name: 'Ta opp lyd' })).toBeEnabled();
	// Whatever was written before the disk filled is still there: as an attachment, or as chunks waiting for room.
	const kept = (await attachmentsOf(page, sessionId)).length + (await partialChunks(page)).length;
	expect(kept).toBeGreaterThan(0);

	await cdp.send('Storage.overrideQuotaForOrigin', { origin });
	const saveNow = media(page).getByRole('button', { name: 'Lagre ferdig nå' });
	if (await saveNow.isVisible()) await saveNow.click();
	await expect(media(page).getByTestId('recording')).toHaveCount(1);
	const [row] = await attachmentsOf(page, sessionId);
	expect(row.size).toBeGreaterThan(0);
	expect(row.durationMs!).toBeGreaterThan(1_000);
	expect(row.durationMs!).toBeLessThanOrEqual(stoppedAfter + 1_000);
	await expect.poll(async () => (await partialChunks(page)).length).toBe(0);
	test.info().annotations.push({ type: 'quota', description: `stopped after ${stoppedAfter} ms; kept ${row.durationMs} ms, ${row.size} bytes` });
});
