import { liveQuery } from 'dexie';
import { localData } from '$lib/data/local';
import { SyncError, httpTransport } from './httpTransport';
import { httpBlobTransport } from './httpBlobTransport';
import { uploadPendingBlobs } from './blobTransfer';
import { linkedProjects } from './links';
import { syncProject } from './syncProject';

export interface SyncFailure {
	kind: SyncError['kind'] | 'unknown';
	message: string;
	/** The server's error code when it gave one (`payload_too_large`, `quota_exceeded`, `timeout`, …). */
	code?: string;
}

export type SyncPhase = 'off' | 'idle' | 'syncing' | 'offline' | 'signedOut' | 'error';

export interface SyncStatus {
	phase: SyncPhase;
	lastSyncAt: string | null;
	error: SyncFailure | null;
	/** Each linked project that failed in the last round, by id: one project's failure never stops another's sync. */
	projectErrors: Record<string, SyncFailure>;
	/** Whether this tab runs sync; the others follow its status. */
	leader: boolean;
}

/** What every screen reads to show the sync state in words. */
export const syncStatus: SyncStatus = $state({ phase: 'off', lastSyncAt: null, error: null, projectErrors: {}, leader: false });

const CHANNEL = 'feltinnsikt-sync';
const LOCK = 'feltinnsikt-sync-leader';
const IDLE_MS = 30_000;
const AFTER_WRITE_MS = 1500;
const MAX_BACKOFF_MS = 5 * 60_000;

let wake: () => void = () => {};
let channel: BroadcastChannel | undefined;

function publish(patch: Partial<SyncStatus>) {
	Object.assign(syncStatus, patch);
	// A plain copy: nested state (projectErrors) is a proxy, which a BroadcastChannel cannot clone.
	channel?.postMessage({ type: 'status', status: { ...$state.snapshot(syncStatus), leader: false } });
}

/** Sync as soon as possible (the "Synkroniser nå" button, a sign-in, an attached project). */
export function syncNow(): void {
	if (syncStatus.leader) wake();
	else channel?.postMessage({ type: 'syncNow' });
}

/**
 * Starts background sync for this tab. One tab leads (Web Locks) and talks to
 * the server; the others follow its status over a BroadcastChannel and pass
 * "sync now" to it. Runs on start, when the network returns, shortly after
 * local writes, every 30 s, and backs off exponentially after failures.
 */
export function startSync(): () => void {
	let stopped = false;
	let releaseLock: () => void = () => {};
	channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(CHANNEL);
	channel?.addEventListener('message', (event: MessageEvent<{ type: string; status?: SyncStatus }>) => {
		if (event.data.type === 'status' && !syncStatus.leader && event.data.status) Object.assign(syncStatus, event.data.status, { leader: false });
		if (event.data.type === 'syncNow' && syncStatus.leader) wake();
	});

	const lead = () =>
		new Promise<void>((resolve) => {
			releaseLock = resolve;
			syncStatus.leader = true;
			void run(() => stopped);
		});
	if (typeof navigator !== 'undefined' && navigator.locks) void navigator.locks.request(LOCK, lead);
	else void lead();

	const onOnline = () => wake();
	window.addEventListener('online', onOnline);

	// Local writes (field changes and note updates) schedule a sync shortly after.
	let debounce: ReturnType<typeof setTimeout> | undefined;
	let writes: { unsubscribe(): void } = { unsubscribe() {} };
	void localData().then(({ db }) => {
		if (stopped) return;
		writes = liveQuery(async () => (await db.outbox.count()) + (await db.noteUpdates.where('synced').equals(0).count())).subscribe((pending) => {
			if (pending > 0 && syncStatus.leader) {
				clearTimeout(debounce);
				debounce = setTimeout(() => wake(), AFTER_WRITE_MS);
			}
		});
	});

	return () => {
		stopped = true;
		writes.unsubscribe();
		clearTimeout(debounce);
		window.removeEventListener('online', onOnline);
		releaseLock();
		wake();
		channel?.close();
		channel = undefined;
		syncStatus.leader = false;
	};
}

function failureOf(e: unknown): SyncFailure {
	if (e instanceof SyncError) return { kind: e.kind, message: e.message, ...(e.code ? { code: e.code } : {}) };
	return { kind: 'unknown', message: e instanceof Error ? e.message : String(e) };
}

async function run(stopped: () => boolean) {
	let failures = 0;
	let delay = 0;
	while (!stopped()) {
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, delay);
			wake = () => {
				clearTimeout(timer);
				resolve();
			};
		});
		if (stopped()) break;
		if (!navigator.onLine) {
			publish({ phase: 'offline' });
			delay = IDLE_MS;
			continue;
		}
		const { db, ctx } = await localData();
		const links = await linkedProjects(db);
		if (links.length === 0) {
			publish({ phase: 'off', error: null });
			delay = IDLE_MS;
			continue;
		}
		publish({ phase: 'syncing' });
		const projectErrors: Record<string, SyncFailure> = {};
		for (const link of links) {
			// Each project on its own: a refused or broken one never holds back the others.
			try {
				await syncProject(db, ctx.clock, httpTransport, link.projectId);
				await uploadPendingBlobs(db, link.projectId, httpBlobTransport);
			} catch (e) {
				projectErrors[link.projectId] = failureOf(e);
				// Offline or signed out is the same for every project: no use trying the rest now.
				if (projectErrors[link.projectId].kind === 'offline' || projectErrors[link.projectId].kind === 'signedOut') break;
			}
		}
		const first = Object.values(projectErrors)[0];
		if (!first) {
			failures = 0;
			delay = IDLE_MS;
			publish({ phase: 'idle', lastSyncAt: new Date().toISOString(), error: null, projectErrors });
		} else {
			failures++;
			delay = Math.min(MAX_BACKOFF_MS, 2000 * 2 ** failures);
			const phase = first.kind === 'offline' ? 'offline' : first.kind === 'signedOut' ? 'signedOut' : 'error';
			const someSynced = Object.keys(projectErrors).length < links.length;
			publish({ phase, error: first, projectErrors, ...(someSynced && phase === 'error' ? { lastSyncAt: new Date().toISOString() } : {}) });
		}
	}
}
