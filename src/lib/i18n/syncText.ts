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
