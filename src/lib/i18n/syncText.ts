import type { SyncStatus } from '$lib/sync/engine.svelte';
import { m } from './generated/messages';
import { getLocale } from './generated/runtime';

export function formatTime(iso: string): string {
	return new Intl.DateTimeFormat(getLocale() === 'nb' ? 'nb-NO' : 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** The sync state in words, for the header and the settings page. */
export function syncStatusText(status: Pick<SyncStatus, 'phase' | 'lastSyncAt' | 'error'>): string {
	switch (status.phase) {
		case 'off':
			return m.sync_off();
		case 'syncing':
			return m.sync_syncing();
		case 'offline':
			return m.sync_offline();
		case 'signedOut':
			return m.sync_signed_out();
		case 'idle':
			return status.lastSyncAt ? m.sync_idle({ time: formatTime(status.lastSyncAt) }) : m.sync_never();
		case 'error':
			if (status.error?.kind === 'forbidden') return m.sync_error_forbidden();
			if (status.error?.kind === 'server') return m.sync_error_server();
			if (status.error?.kind === 'rejected') return m.sync_error_rejected();
			if (status.error?.kind === 'outdated') return status.error.code === 'server_outdated' ? m.sync_error_server_outdated() : m.sync_error_client_outdated();
			return m.sync_error_unknown();
	}
}

/**
 * What the header's counter says. Work "not on the server yet" only means something for a
 * project shared with a server; a project only on this device says so instead of counting
 * changes nobody will ever send (hundreds after a demo load).
 */
export type SyncCounter = { kind: 'localOnly' } | { kind: 'pending'; count: number } | { kind: 'files'; count: number } | { kind: 'allSaved' } | { kind: 'none' };

export function syncCounter({ shared, pending, files = 0, refused }: { shared: boolean; pending: number; files?: number; refused: number }): SyncCounter {
	if (!shared) return { kind: 'localOnly' };
	if (pending > 0) return { kind: 'pending', count: pending };
	// Changes all sent, but a photo or recording still only here: not "all on the server".
	if (files > 0) return { kind: 'files', count: files };
	// Refused changes are not saved anywhere but here: never "all saved" while any exist.
	return refused > 0 ? { kind: 'none' } : { kind: 'allSaved' };
}

export function syncCounterText(counter: SyncCounter): string {
	switch (counter.kind) {
		case 'localOnly':
			return m.status_local_only();
		case 'pending':
			return m.status_unsynced({ count: counter.count });
		case 'files':
			return m.status_files_unsent({ count: counter.count });
		case 'allSaved':
			return m.status_all_saved();
		case 'none':
			return '';
	}
}
