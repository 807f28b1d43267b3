import { describe, expect, it } from 'vitest';
import { readInstallEnvironment, showInstallPrompt, storageAtRisk, type InstallProbe } from './installState';

/** A stand-in for the page: what Safari, the Home Screen app or Chromium would offer. */
function probe(options: { standalone?: boolean; displayMode?: 'browser' | 'standalone'; persisted?: boolean | 'throws' | 'missing' }): InstallProbe {
	const answer = options.persisted;
	const storage =
		answer === 'missing'
			? undefined
			: { persisted: async (): Promise<boolean> => (answer === 'throws' ? Promise.reject(new Error('refused')) : (answer ?? false)) };
	const navigator: NonNullable<InstallProbe['navigator']> = { storage };
	if (options.standalone !== undefined) navigator.standalone = options.standalone;
	return { navigator, matchMedia: (query) => ({ matches: query === `(display-mode: ${options.displayMode ?? 'browser'})` }) };
}

describe('storage at risk (Safari 7-day rule)', () => {
	it('is at risk in a Safari tab without persistent storage', async () => {
		const env = await readInstallEnvironment(probe({ standalone: false, persisted: false }));
		expect(env).toEqual({ homeScreenInstall: true, standalone: false, persisted: false });
		expect(storageAtRisk(env)).toBe(true);
	});

	it('is safe when started from the Home Screen, by navigator.standalone or the display mode', async () => {
		expect(storageAtRisk(await readInstallEnvironment(probe({ standalone: true, persisted: false })))).toBe(false);
		expect(storageAtRisk(await readInstallEnvironment(probe({ standalone: false, displayMode: 'standalone', persisted: false })))).toBe(false);
	});

	it('is safe when the browser granted persistent storage', async () => {
		expect(storageAtRisk(await readInstallEnvironment(probe({ standalone: false, persisted: true })))).toBe(false);
	});

	it('is never flagged in an engine without the Home Screen rule (Chromium), granted or not', async () => {
		for (const persisted of [true, false] as const) {
			const env = await readInstallEnvironment(probe({ persisted }));
			expect(env.homeScreenInstall).toBe(false);
			expect(storageAtRisk(env)).toBe(false);
		}
	});

	it('counts storage that cannot say as not persistent, and never throws', async () => {
		for (const persisted of ['throws', 'missing'] as const) {
			const env = await readInstallEnvironment(probe({ standalone: false, persisted }));
			expect(env.persisted).toBeNull();
			expect(storageAtRisk(env)).toBe(true);
		}
		expect(await readInstallEnvironment({})).toEqual({ homeScreenInstall: false, standalone: false, persisted: null });
	});
});

describe('when the prompt shows', () => {
	const base = { atRisk: true, dismissedNow: false, dismissedBefore: false, unsyncedWork: false };

	it('shows on a device at risk until dismissed, and never where the data is safe', () => {
		expect(showInstallPrompt(base)).toBe(true);
		expect(showInstallPrompt({ ...base, atRisk: false, unsyncedWork: true })).toBe(false);
		expect(showInstallPrompt({ ...base, dismissedNow: true })).toBe(false);
		expect(showInstallPrompt({ ...base, dismissedBefore: true })).toBe(false);
	});

	it('comes back at the next start while work exists only on this device', () => {
		expect(showInstallPrompt({ ...base, dismissedBefore: true, unsyncedWork: true })).toBe(true);
		// Within the page where it was dismissed it stays away.
		expect(showInstallPrompt({ ...base, dismissedNow: true, dismissedBefore: true, unsyncedWork: true })).toBe(false);
	});
});
