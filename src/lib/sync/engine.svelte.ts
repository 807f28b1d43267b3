import { liveQuery } from 'dexie';
import { localData } from '$lib/data/local';
import { SyncError, httpTransport } from './httpTransport';
import { httpBlobTransport } from './httpBlobTransport';
import { uploadPendingBlobs } from './blobTransfer';
import { linkedProjects } from './links';
import { syncProject } from './syncProject';
import { readCursor } from './applyRemote';
import { LiveChannel, type LiveState } from './liveChannel';
import { openTabChannel, type TabChannel } from './tabChannel';
import { electLeader } from './tabLeader';
import { presence } from './presence.svelte';
import type { PresenceEntry } from './presenceWire';

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
	/** The live channel: `live` while the server tells this tablet of every push at once. */
	live: LiveState;
}

/** What every screen reads to show the sync state in words. */
export const syncStatus: SyncStatus = $state({ phase: 'off', lastSyncAt: null, error: null, projectErrors: {}, leader: false, live: 'off' });

const CHANNEL = 'feltinnsikt-sync';
const LOCK = 'feltinnsikt-sync-leader';
const IDLE_MS = 30_000;
/**
 * A local write is pushed this soon while online: counted from the first write not yet
 * sent, not from the last keystroke, so capturing without pause never starves the push.
 */
const AFTER_WRITE_MS = 250;
const MAX_BACKOFF_MS = 5 * 60_000;

let wake: () => void = () => {};
/** Set when a sync is asked for while one runs: the loop goes round again at once. */
let again = false;
let channel: TabChannel | null | undefined;
let live: LiveChannel | undefined;

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
 * Starts background sync for this tab. One tab leads (Web Locks, or a localStorage
 * lease without them) and talks to the server; the others follow its status over a
 * BroadcastChannel (or localStorage events) and pass
 * "sync now" to it. Runs on start, when the network returns, shortly after
 * local writes, every 30 s, and backs off exponentially after failures.
 */
export function startSync(): () => void {
	let stopped = false;
	let releaseLock: () => void = () => {};
	// BroadcastChannel, or localStorage events where the browser has none (tabChannel.ts).
	channel = openTabChannel(CHANNEL);
	channel?.addEventListener('message', (event: MessageEvent<{ type: string; status?: SyncStatus; projectId?: string; here?: PresenceEntry[] }>) => {
		if (event.data.type === 'status' && !syncStatus.leader && event.data.status) Object.assign(syncStatus, event.data.status, { leader: false });
		if (event.data.type === 'presence' && !syncStatus.leader && event.data.projectId && event.data.here) presence.receive(event.data.projectId, event.data.here);
		if (event.data.type === 'syncNow' && syncStatus.leader) wake();
	});

	const lead = () =>
		new Promise<void>((resolve) => {
			// A term ends when the tab gives leadership back or another tab took its lease.
			let ended = false;
			releaseLock = () => {
				ended = true;
				resolve();
			};
			syncStatus.leader = true;
			// Only the leading tab holds streams: one per project per tablet, however many tabs.
			if (typeof EventSource !== 'undefined') {
				live = new LiveChannel({
					onAhead: (projectId, seq) => void pullIfBehind(projectId, seq),
					onState: (state) => publish({ live: state }),
					// Only this tab holds the stream: the other tabs hear of the others through it.
					onPresence: (projectId, here) => {
						presence.receive(projectId, here);
						channel?.postMessage({ type: 'presence', projectId, here });
					}
				});
			}
			void run(() => stopped || ended);
		});
	// Web Locks, or a localStorage lease where the browser has none (tabLeader.ts).
	const stopLeading = electLeader(LOCK, {
		lead: () => void lead(),
		lose() {
			releaseLock();
			syncStatus.leader = false;
			live?.stop();
			live = undefined;
			wake();
		}
	});

	const onOnline = () => wake();
	window.addEventListener('online', onOnline);

	// Local writes (field changes and note updates) schedule a sync shortly after.
	let debounce: ReturnType<typeof setTimeout> | undefined;
	let writes: { unsubscribe(): void } = { unsubscribe() {} };
	void localData().then(({ db }) => {
		if (stopped) return;
		writes = liveQuery(async () => (await db.outbox.count()) + (await db.noteUpdates.where('synced').equals(0).count())).subscribe((pending) => {
			if (pending > 0 && syncStatus.leader && debounce === undefined) {
				debounce = setTimeout(() => {
					debounce = undefined;
					wake();
				}, AFTER_WRITE_MS);
			}
		});
	});

	return () => {
		stopped = true;
		writes.unsubscribe();
		clearTimeout(debounce);
		live?.stop();
		live = undefined;
		window.removeEventListener('online', onOnline);
		releaseLock();
		stopLeading();
		wake();
		channel?.close();
		channel = undefined;
		syncStatus.leader = false;
	};
}

/** The server's log of a project reaches `seq`: sync now if this tablet has not pulled that far. */
async function pullIfBehind(projectId: string, seq: number): Promise<void> {
	const { db } = await localData();
	if (seq > (await readCursor(db, projectId))) wake();
}

function failureOf(e: unknown): SyncFailure {
	if (e instanceof SyncError) return { kind: e.kind, message: e.message, ...(e.code ? { code: e.code } : {}) };
	return { kind: 'unknown', message: e instanceof Error ? e.message : String(e) };
}

async function run(stopped: () => boolean) {
	let failures = 0;
	let delay = 0;
	while (!stopped()) {
		if (again && failures === 0) delay = 0;
		again = false;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, delay);
			wake = () => {
				clearTimeout(timer);
				resolve();
			};
		});
		// From here until the next wait, a wish to sync is kept for the next round.
		wake = () => {
			again = true;
		};
		if (stopped()) break;
		if (!navigator.onLine) {
			live?.follow([]);
			publish({ phase: 'offline' });
			delay = IDLE_MS;
			continue;
		}
		const { db, ctx } = await localData();
		const links = await linkedProjects(db);
		if (links.length === 0) {
			live?.follow([]);
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
		// Streams for the projects this tablet can reach; none while offline or signed out.
		live?.follow(first?.kind === 'offline' || first?.kind === 'signedOut' ? [] : links.map((l) => l.projectId).filter((id) => !projectErrors[id]));
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
