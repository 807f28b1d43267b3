// `npm run bench -- encryption [--entries 20000] [--runs 3] [--cpu N]`: what a PIN costs the
// researcher, plain and encrypted side by side in one run, on the same data.
//
// The plain profile is the search bench's (bench-search-browser.mjs: the demo plus N generated
// entries). The encrypted one is a copy of it on which a PIN was set through Settings and
// the first unlock encrypted every row (the app's own migration); both are kept between runs.
// Then, alternating plain and encrypted in fresh browser processes:
//   - opening: navigation → the library's first answer painted (encrypted: the PIN is typed
//     the moment the lock screen shows, so this includes the key derivation; `afterUnlockMs`
//     is from the PIN's submit to the same answer);
//   - search: keydown → the answer for what is typed painted, the search bench's queries;
//   - keystroke durability: keydown in a session's notes → the update's row in IndexedDB.
// Each figure is printed as a JSON line as it is taken; the summary puts the two side by side.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { launch, openLibrary, searchProfile, summary, typeQuery, typedQueries } from './bench-search-browser.mjs';

export const encryptionBudgets = { openingRiseMaxPercent: 25, keystrokeDurableP95Ms: 300, searchKeystrokeP95Ms_20k: 25 };

const pin = '482915';
// 2: rows sealed with XChaCha20-Poly1305 (a profile made with AES-GCM rows measures the old cipher).
const profileFormat = 2;

/** The prepared plain profile's copy with a PIN set and everything encrypted. */
async function encryptedProfile({ base, plainDir, emit }) {
	const dir = `${plainDir}-pin`;
	const marker = `${dir}.json`;
	if (existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')).format === profileFormat) return dir;
	rmSync(dir, { recursive: true, force: true });
	cpSync(plainDir, dir, { recursive: true });
	rmSync(`${dir}/SingletonLock`, { force: true });
	const { context, page } = await launch(dir, 1);
	try {
		page.setDefaultTimeout(30 * 60_000);
		await page.goto(`${base}/settings`);
		const settings = page.getByTestId('lock-settings');
		await settings.getByTestId('new-pin').fill(pin);
		await settings.getByTestId('repeat-pin').fill(pin);
		await settings.getByRole('button', { name: 'Sett PIN-kode' }).click();
		await settings.getByTestId('recovery-code').waitFor();
		await settings.getByRole('button', { name: 'Jeg har skrevet den ned' }).click();
		const t0 = Date.now();
		await unlock(page);
		await page.getByTestId('lock-screen').waitFor({ state: 'hidden' });
		emit({ figure: 'encryption.migrationMs', ms: Date.now() - t0 });
	} finally {
		await context.close();
	}
	writeFileSync(marker, JSON.stringify({ format: profileFormat }));
	return dir;
}

async function unlock(page) {
	const screen = page.getByTestId('lock-screen');
	await screen.getByTestId('lock-secret').fill(pin);
	await page.evaluate(() => (window.__bench.unlockAt = performance.now()));
	await screen.getByRole('button', { name: 'Lås opp' }).click();
}

/** Navigation → library answer painted; for the encrypted profile the PIN is typed as soon as asked. */
async function opening(page, base, encrypted) {
	if (!encrypted) return { ms: await openLibrary(page, base) };
	await page.goto(`${base}/library`);
	await page.getByTestId('lock-secret').waitFor({ timeout: 120_000 });
	const shownAt = await page.evaluate(() => performance.now());
	await unlock(page);
	await page.waitForFunction(() => window.__bench?.ready !== null, undefined, { timeout: 300_000, polling: 50 });
	const { ready, unlockAt } = await page.evaluate(() => window.__bench);
	// `appMs` leaves out the time the lock screen waited for the PIN to be typed (here the
	// automation's round trips; for a person, their fingers): what the app itself costs.
	return { ms: Math.round(ready), appMs: Math.round(ready - (unlockAt - shownAt)), afterUnlockMs: Math.round(ready - unlockAt) };
}

/** Keydown in the first session's notes → the note's update row in IndexedDB, for `count` letters. */
async function durability(page, count) {
	await page.getByRole('navigation').getByRole('link', { name: 'Fangst' }).click();
	await page.getByTestId('session-list').getByRole('link').first().click();
	const editor = page.getByRole('textbox', { name: 'Notater fra økta' });
	await editor.locator('p').last().click();
	await page.keyboard.press('End');
	await page.keyboard.press('Enter');
	await page.evaluate(() => {
		const w = window;
		w.__durable = [];
		let keyAt = null;
		document.addEventListener('keydown', (event) => (keyAt = event.timeStamp), true);
		const open = indexedDB.open('feltinnsikt');
		open.onsuccess = () => {
			let last = -1;
			const poll = () => {
				const n = open.result.transaction('noteUpdates').objectStore('noteUpdates').count();
				n.onsuccess = () => {
					if (last >= 0 && n.result > last && keyAt !== null) {
						w.__durable.push(performance.now() - keyAt);
						keyAt = null;
					}
					last = n.result;
					setTimeout(poll, 2);
				};
			};
			poll();
		};
	});
	await page.waitForTimeout(300);
	const letters = 'Bussen kom ikke i dag heller'.slice(0, count);
	for (const ch of letters) {
		await page.keyboard.type(ch);
		await page.waitForTimeout(350);
	}
	return page.evaluate(() => window.__durable);
}

const pct = (a, b) => +(((b - a) / a) * 100).toFixed(1);

export async function benchEncryption({ base, entries = 20000, runs = 3, cpu = 1, emit = () => {}, cacheDir }) {
	const plainDir = await searchProfile({ base, entries, emit, cacheDir });
	const pinDir = await encryptedProfile({ base, plainDir, emit });
	const variants = { plain: { dir: plainDir, open: [], app: [], afterUnlock: [], keys: [], durable: [] }, encrypted: { dir: pinDir, open: [], app: [], afterUnlock: [], keys: [], durable: [] } };
	// Warm the stored search index of both profiles once, so opening measures reading it, not building it.
	for (const [name, v] of Object.entries(variants)) {
		const { context, page } = await launch(v.dir, 1);
		try {
			await opening(page, base, name === 'encrypted');
			await page.waitForTimeout(4000);
		} finally {
			await context.close();
		}
	}
	for (let run = 1; run <= runs; run++) {
		for (const [name, v] of Object.entries(variants)) {
			const { context, page } = await launch(v.dir, cpu);
			try {
				const open = await opening(page, base, name === 'encrypted');
				v.open.push(open.ms);
				v.app.push(open.appMs ?? open.ms);
				if (open.afterUnlockMs !== undefined) v.afterUnlock.push(open.afterUnlockMs);
				emit({ figure: 'encryption.openingMs', variant: name, entries, cpu, run, ...open });
				await page.waitForTimeout(1000);
				// One full pass of the queries on the first run, two per later run: enough keystrokes, not too long.
				for (const q of run === 1 ? typedQueries : typedQueries.slice((run * 2) % typedQueries.length, ((run * 2) % typedQueries.length) + 2)) {
					const times = await typeQuery(page, q);
					v.keys.push(...times);
					emit({ figure: 'encryption.searchKeystrokeMs', variant: name, entries, cpu, run, query: q, ms: times.map((t) => +t.toFixed(1)) });
				}
				const durable = await durability(page, 12);
				v.durable.push(...durable);
				emit({ figure: 'encryption.keystrokeDurableMs', variant: name, entries, cpu, run, ms: durable.map((t) => +t.toFixed(1)) });
			} finally {
				await context.close();
			}
		}
	}
	const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
	const out = {};
	for (const [name, v] of Object.entries(variants)) {
		out[name] = {
			openingMedianMs: med(v.open),
			openingAppMedianMs: med(v.app),
			...(v.afterUnlock.length ? { afterUnlockMedianMs: med(v.afterUnlock) } : {}),
			searchKeystroke: summary(v.keys),
			keystrokeDurable: summary(v.durable)
		};
	}
	// The budget's figure: the app's own time to the library, PIN derivation included, against plain.
	out.openingRisePercent = pct(out.plain.openingAppMedianMs, out.encrypted.openingAppMedianMs);
	emit({ figure: 'encryption.summary', entries, cpu, ...out });
	return out;
}
