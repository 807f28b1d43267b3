/**
 * Whether the field data on this device is at Safari's mercy. Safari on iPad deletes
 * every bit of a site's script-writable storage (IndexedDB, the offline app, the service
 * worker) after 7 days without use, unless the site was added to the Home Screen and is
 * started from there. Nothing here asks which browser it is: the rules read the features
 * the engine itself offers.
 *
 * - `navigator.standalone` is Apple's own property, present only where a site can be added
 *   to the Home Screen (WebKit on iPadOS and iOS): `false` in a Safari tab, `true` in the
 *   installed app. Its presence is what marks the 7-day rule.
 * - `(display-mode: standalone)` (or fullscreen) is the standard way to tell an installed
 *   web app, in Safari and Chromium alike.
 * - `navigator.storage.persisted()` true means the browser promised to keep the data
 *   (Chromium grants it to installed or much-used sites; Safari grants it to Home Screen apps).
 */

export interface InstallEnvironment {
	/** The engine offers "Add to Home Screen" with Safari's 7-day rule for sites that were not. */
	homeScreenInstall: boolean;
	/** Running as an installed app (from the Home Screen icon), not in a browser tab. */
	standalone: boolean;
	/** Whether storage is persistent; null when the browser cannot say. */
	persisted: boolean | null;
}

/** What the detection reads: the page's own objects, or a stand-in in tests. */
export interface InstallProbe {
	navigator?: { standalone?: unknown; storage?: Pick<StorageManager, 'persisted'> | undefined } | undefined;
	matchMedia?: ((query: string) => { matches: boolean }) | undefined;
}

function browserProbe(): InstallProbe {
	if (typeof window === 'undefined') return {};
	return {
		navigator: window.navigator as InstallProbe['navigator'],
		matchMedia: typeof window.matchMedia === 'function' ? (query) => window.matchMedia(query) : undefined
	};
}

export function isStandalone(probe: InstallProbe = browserProbe()): boolean {
	if (probe.navigator?.standalone === true) return true;
	const media = probe.matchMedia;
	return !!media && (media('(display-mode: standalone)').matches || media('(display-mode: fullscreen)').matches);
}

export function hasHomeScreenInstall(probe: InstallProbe = browserProbe()): boolean {
	return !!probe.navigator && 'standalone' in probe.navigator && typeof probe.navigator.standalone === 'boolean';
}

/** Reads the three facts; never throws (persisted() is refused in some private modes). */
export async function readInstallEnvironment(probe: InstallProbe = browserProbe()): Promise<InstallEnvironment> {
	let persisted: boolean | null = null;
	const storage = probe.navigator?.storage;
	if (storage && typeof storage.persisted === 'function') {
		try {
			persisted = await storage.persisted();
		} catch {
			persisted = null;
		}
	}
	return { homeScreenInstall: hasHomeScreenInstall(probe), standalone: isStandalone(probe), persisted };
}

/**
 * True when Safari may delete this device's data after 7 days without use: a browser tab
 * of an engine with the Home Screen rule, not the installed app, and no promise of
 * persistent storage. Installed, or with storage granted, the data stays.
 */
export function storageAtRisk(env: InstallEnvironment): boolean {
	return env.homeScreenInstall && !env.standalone && env.persisted !== true;
}

/**
 * Whether the install prompt shows now. Dismissed, it stays away while there is no
 * unsynced work; with work that exists only on this device it comes back at the next
 * start (a dismissal then only lasts for the page), since that work is what Safari
 * would delete.
 */
export function showInstallPrompt(input: {
	atRisk: boolean;
	/** Dismissed in this page. */
	dismissedNow: boolean;
	/** Dismissed at an earlier start (remembered on the device). */
	dismissedBefore: boolean;
	unsyncedWork: boolean;
}): boolean {
	if (!input.atRisk || input.dismissedNow) return false;
	return input.unsyncedWork || !input.dismissedBefore;
}
