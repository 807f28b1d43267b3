import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from 'vitest';
import { atPath, click, fill, findAll, get, hasText, someHasText } from './support/page';
import { openSealedBackup } from '../../src/lib/crypto/backupSeal';
import { stoppedAfterEachTest, waitForServiceWorkerControl } from './support/tablet';
import { catchDownloads, nextDownload } from './support/downloads';

// A backup made in WebKit with the server gone, and restored on a wiped tablet from the file.
// The download itself is the browser's (WebKitGTK's automation browser has no download
// folder a test can read); the test takes the file where the app hands it over – the
// `<a download>` it clicks – and keeps everything before and after real.

const started = stoppedAfterEachTest();

test('export: a sealed backup made with the server gone restores on a wiped tablet with its passphrase', async () => {
	const server = await started.server();
	let tablet = await started.tablet();
	await tablet.goto(`${server.url}/`);
	await click(tablet, { role: 'button', name: 'Last inn demoprosjekt' });
	await atPath(tablet, '/capture');
	await waitForServiceWorkerControl(tablet);
	const projectName = (await tablet.text(await get(tablet, { testId: 'active-project-name' }))).trim();
	expect(projectName).toBe('Demo: Ungt utenforskap i Fjordvik');

	await server.stop();
	await tablet.goto(`${server.url}/settings`);
	await click(tablet, { testId: 'export-link' });
	await get(tablet, { role: 'heading', name: 'Eksport og sikkerhetskopi' });
	await catchDownloads(tablet);
	// Sealed in WebKit's own WebCrypto (PBKDF2 600 000, AES-GCM), opened here in Node's.
	await fill(tablet, { testId: 'backup-passphrase' }, 'fjord og fyr');
	await fill(tablet, { testId: 'backup-passphrase-again' }, 'fjord og fyr');
	await click(tablet, { testId: 'export-backup' });
	const backup = await nextDownload(tablet);
	expect(backup.name).toMatch(/^demo-ungt-utenforskap-i-fjordvik-backup-\d{4}-\d\d-\d\d\.feltinnsikt\.sealed$/);
	const bytes = Buffer.from(backup.base64, 'base64');
	const manifest = JSON.parse(strFromU8(unzipSync(await openSealedBackup(new Uint8Array(bytes), 'fjord og fyr'))['backup.json'])) as {
		format: string;
		projectName: string;
		rows: Record<string, unknown[]>;
	};
	expect(manifest.format).toBe('feltinnsikt-backup');
	expect(manifest.projectName).toBe(projectName);
	expect(manifest.rows.entries.length).toBeGreaterThan(5);
	await hasText(tablet, { testId: 'export-message' }, 'Lastet ned');

	// A wiped tablet: a new browser session starts with empty storage.
	await tablet.close();
	await server.start();
	tablet = await started.tablet();
	await tablet.goto(`${server.url}/export`);
	await get(tablet, { testId: 'restore-file', hidden: true });
	expect(await findAll(tablet, { testId: 'export-qdpx' })).toEqual([]);

	const file = join(mkdtempSync(join(tmpdir(), 'feltinnsikt-webkit-backup-')), backup.name);
	writeFileSync(file, bytes);
	await tablet.type(await get(tablet, { testId: 'restore-file', hidden: true }), file);
	await fill(tablet, { testId: 'restore-passphrase' }, 'fjord og fyr');
	await click(tablet, { testId: 'restore-open' });
	await hasText(tablet, { testId: 'restore-message' }, `Gjenopprettet «${projectName}»`, 60_000);
	await click(tablet, { role: 'link', name: 'Åpne prosjektet' });
	await hasText(tablet, { testId: 'active-project-name' }, projectName);
	await tablet.goto(`${server.url}/library`);
	await someHasText(tablet, { testId: 'entry' }, ['Jeg sluttet etter jul. Ingen ringte.']);
});
