import { unzipSync, strFromU8 } from 'fflate';
import { expect, test } from 'vitest';
import { catchDownloads, nextDownload } from './support/downloads';
import { atPath, click, get, hasText, waitFor } from './support/page';
import { stoppedAfterEachTest } from './support/tablet';
import { Key } from './support/webdriver';

// Recording on the iPad's engine: WebKit's MediaRecorder makes AAC in MP4 (`audio/mp4`),
// not WebM/Opus as Chromium does. The microphone is WebKit's mock capture device (a tone),
// the recorder and the encoder are the engine's own. The recording is kept, plays with its
// length, a paragraph typed during it carries its offset, and the .qdpx export holds it as
// the .m4a QualCoder takes as audio.

const started = stoppedAfterEachTest();

const microphone = ['--enable-media-stream=true', '--enable-mock-capture-devices=true', '--features=+MockCaptureDevices,-GetUserMediaRequiresFocus'];
const media = { testId: 'session-media' } as const;
const editor = { role: 'textbox', name: 'Notater fra økta' } as const;
const said = 'Hun sier at bussen går for sjelden.';

test('a recording made in WebKit is audio/mp4, plays with its length, carries a typed paragraph’s offset and is exported as .m4a', { timeout: 300_000 }, async () => {
	const server = await started.server();
	const tablet = await started.tablet(0, { browserArgs: microphone });
	await tablet.goto(`${server.url}/`);
	await click(tablet, { role: 'button', name: 'Last inn demoprosjekt' });
	await atPath(tablet, '/capture');
	// Fyret: P-001 and P-004 consented to audio.
	const link = await get(tablet, { within: { testId: 'session-list' }, role: 'link', name: /Samtale på ungdomsklubben Fyret/ });
	await tablet.goto(new URL((await tablet.attribute(link, 'href'))!, server.url).href);
	await get(tablet, editor, 60_000);
	expect(await tablet.execute<boolean>("return MediaRecorder.isTypeSupported('audio/webm;codecs=opus');")).toBe(false);

	await click(tablet, { within: media, role: 'button', name: 'Ta opp lyd' });
	await get(tablet, { within: media, role: 'button', name: 'Stopp opptaket' });
	const startedAt = Date.now();
	await hasText(tablet, { within: media, testId: 'media-clock' }, '0:01', 10_000);
	await click(tablet, editor);
	await tablet.keys([Key.End], ['\uE009']);
	const typingFrom = Date.now() - startedAt;
	await tablet.keys([Key.Enter]);
	await tablet.typeKeys(said);
	const typingTo = Date.now() - startedAt;
	await new Promise((resolve) => setTimeout(resolve, 1_500));
	await click(tablet, { within: media, role: 'button', name: 'Stopp opptaket' });
	await hasText(tablet, { within: media, testId: 'media-status' }, 'Opptaket er lagret', 30_000);

	// Kept as the engine made it, with its length.
	const recording = await get(tablet, { within: media, testId: 'recording' });
	const durationMs = Number(await tablet.attribute(recording, 'data-duration-ms'));
	expect(durationMs).toBeGreaterThan(1_500);
	const stored = await tablet.executeAsync<{ mime: string; size: number; magic: string; asBytes: boolean }>(`const done = arguments[arguments.length - 1];
		const open = indexedDB.open('feltinnsikt');
		open.onsuccess = () => {
			const db = open.result;
			const rows = db.transaction('attachments').objectStore('attachments').getAll();
			rows.onsuccess = () => {
				const audio = rows.result.find((a) => a.kind === 'audio' && !a.deleted);
				const blob = db.transaction('blobs').objectStore('blobs').get(audio.sha256);
				// As bytes where this WebKit refuses a Blob in IndexedDB (data/blobBytes.ts).
				blob.onsuccess = () => {
					const kept = blob.result.blob;
					const head = kept instanceof Blob ? kept.slice(0, 12).arrayBuffer() : Promise.resolve(kept.$bytes.slice(0, 12));
					head.then((b) => {
						done({ mime: audio.mime, size: audio.size, magic: String.fromCharCode(...new Uint8Array(b).slice(4, 8)), asBytes: !(kept instanceof Blob) });
						db.close();
					});
				};
			};
		};`);
	expect(stored.mime).toMatch(/^audio\/mp4/);
	expect(stored.magic).toBe('ftyp');
	expect(stored.size).toBeGreaterThan(1_000);
	// WebKit's automation browser is ephemeral, as Private Browsing is: no Blob in IndexedDB.
	expect(stored.asBytes).toBe(true);

	// It plays: the player knows its length.
	const playable = await waitFor(async () => {
		const d = await tablet.execute<number | null>("const a = document.querySelector('[data-testid=recording] audio'); return a ? a.duration : null;");
		return typeof d === 'number' && Number.isFinite(d) && d > 0 ? d : null;
	}, 'the player to know the recording’s length');
	// WebKitGTK's MP4 from its mock microphone tells the player about 1 s whatever its
	// length – a plain 3 s MediaRecorder file without chunks does the same, while its bytes
	// grow with the time recorded – so the player's length is only checked to be there. The
	// app's own length and every offset are measured on the recording clock, as on an iPad.
	console.log(`recorded ${durationMs} ms on the recording clock; the player says ${Math.round(playable * 1000)} ms`);
	expect(playable).toBeGreaterThan(0.3);

	// The paragraph typed while it ran carries where in the recording it was made.
	const offsetMs = Number(
		await tablet.execute<string | null>(
			"const p = [...document.querySelectorAll('[data-testid=note-editor] p')].find((el) => el.textContent.includes(arguments[0])); return p ? p.getAttribute('data-offset-ms') : null;",
			said
		)
	);
	expect(offsetMs).toBeGreaterThanOrEqual(typingFrom - 1_000);
	expect(offsetMs).toBeLessThanOrEqual(typingTo + 500);

	// Exported for QualCoder: an AudioSource whose file is the .m4a with the same bytes.
	await tablet.goto(`${server.url}/export`);
	await get(tablet, { testId: 'export-qdpx' }, 60_000);
	await catchDownloads(tablet);
	await click(tablet, { testId: 'export-qdpx' });
	const file = await nextDownload(tablet);
	expect(file.name).toMatch(/\.qdpx$/);
	const zip = unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')));
	const project = strFromU8(zip['project.qde']);
	const source = /<AudioSource [^>]*path="internal:\/\/([^"]+)"/.exec(project);
	expect(source?.[1]).toMatch(/\.m4a$/);
	const bytes = zip[`sources/${source![1]}`];
	expect(bytes?.length).toBe(stored.size);
	expect(strFromU8(bytes!.slice(4, 8))).toBe('ftyp');
});
