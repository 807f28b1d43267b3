// Registers the offline shell (src/service-worker.ts) and tells the UI when a new version
// is ready. A new version never takes over on its own: the UI calls `applyUpdate` with a
// function that flushes unsaved writes, then the waiting worker is activated and the page
// reloads into the new version.
//
// Root layout wiring:
//   import { startServiceWorker } from '$lib/pwa/serviceWorkerUpdates.svelte';
//   onMount(startServiceWorker);

import { Workbox } from 'workbox-window';
import { browser, dev } from '$app/environment';

export interface ServiceWorkerState {
	/** The browser has service workers at all (false also during SSR and before start). */
	supported: boolean;
	/** Registration succeeded. */
	registered: boolean;
	/** A service worker controls this page, so it can reload and start offline. */
	controlled: boolean;
	/** A newer version is installed and waiting, or was already activated by another tab. */
	updateAvailable: boolean;
	/** `applyUpdate` is running: flushing, switching, reloading. */
	updating: boolean;
	/** Last registration or update-check failure, for diagnostics. */
	error: string | null;
}

export const serviceWorkerState: ServiceWorkerState = $state({
	supported: false,
	registered: false,
	controlled: false,
	updateAvailable: false,
	updating: false,
	error: null
});

export interface StartServiceWorkerOptions {
	/**
	 * Also register under `vite dev`. Off by default: a worker that answers every
	 * navigation from a precached shell fights with HMR.
	 */
	inDev?: boolean;
	/** How often to ask the server for a new version while the page is open. */
	updateCheckIntervalMs?: number;
}

const SCRIPT_URL = '/service-worker.js';
const DEFAULT_UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** Reload anyway if the new worker has not taken control after this long. */
const SWITCH_TIMEOUT_MS = 10_000;

let workbox: Workbox | undefined;
let registration: ServiceWorkerRegistration | undefined;
let hadController = false;

const noop = () => {};

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function onControllerChange() {
	const previouslyControlled = hadController;
	hadController = navigator.serviceWorker.controller !== null;
	serviceWorkerState.controlled = hadController;
	// Another tab activated a newer version: this page still runs the old code while its
	// assets are no longer cached, so it should reload (through applyUpdate) soon.
	if (previouslyControlled && !serviceWorkerState.updating) {
		serviceWorkerState.updateAvailable = true;
	}
}

async function register(): Promise<void> {
	workbox = new Workbox(SCRIPT_URL, dev ? { type: 'module' } : undefined);
	workbox.addEventListener('waiting', () => {
		serviceWorkerState.updateAvailable = true;
	});
	hadController = navigator.serviceWorker.controller !== null;
	serviceWorkerState.controlled = hadController;
	navigator.serviceWorker.addEventListener('controllerchange', onControllerChange);
	try {
		registration = await workbox.register();
		serviceWorkerState.registered = registration !== undefined;
		if (registration?.waiting && hadController) {
			serviceWorkerState.updateAvailable = true;
		}
	} catch (error) {
		serviceWorkerState.error = errorMessage(error);
	}
}

/**
 * Registers the service worker once per page load and checks for new versions
 * periodically and when the device comes back online. Returns a cleanup function (it stops
 * the update checks; the registration itself stays), so it can be passed to `onMount`.
 */
export function startServiceWorker(options: StartServiceWorkerOptions = {}): () => void {
	if (!browser || !('serviceWorker' in navigator)) return noop;
	serviceWorkerState.supported = true;
	if (dev && !options.inDev) return noop;

	if (!workbox) void register();

	const interval = options.updateCheckIntervalMs ?? DEFAULT_UPDATE_CHECK_INTERVAL_MS;
	const timer = setInterval(() => void checkForUpdate(), interval);
	const onOnline = () => void checkForUpdate();
	window.addEventListener('online', onOnline);
	return () => {
		clearInterval(timer);
		window.removeEventListener('online', onOnline);
	};
}

/** Asks the server for a newer service worker. Offline this fails quietly. */
export async function checkForUpdate(): Promise<void> {
	if (!workbox || !registration || serviceWorkerState.updating) return;
	if (typeof navigator.onLine === 'boolean' && !navigator.onLine) return;
	try {
		await workbox.update();
	} catch {
		// Offline or server down: the next check will try again.
	}
}

/**
 * Switches to the waiting version: awaits `beforeUpdate` (flush unsaved writes; if it
 * throws, nothing is switched and the error propagates), activates the waiting worker and
 * reloads once it controls the page. If another tab already activated the new version,
 * it only flushes and reloads.
 */
export async function applyUpdate(beforeUpdate?: () => Promise<void>): Promise<void> {
	if (serviceWorkerState.updating) return;
	serviceWorkerState.updating = true;
	try {
		await beforeUpdate?.();
	} catch (error) {
		serviceWorkerState.updating = false;
		throw error;
	}

	const waiting = registration?.waiting ?? null;
	if (waiting && workbox) {
		const switched = new Promise<void>((resolve) => {
			navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), {
				once: true
			});
			// An uncontrolled page (e.g. after a hard reload) gets no controllerchange.
			waiting.addEventListener('statechange', () => {
				if (waiting.state === 'activated' || waiting.state === 'redundant') resolve();
			});
			setTimeout(resolve, SWITCH_TIMEOUT_MS);
		});
		workbox.messageSkipWaiting();
		await switched;
	}
	window.location.reload();
}
