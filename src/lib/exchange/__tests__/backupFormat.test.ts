import { describe, expect, it } from 'vitest';
import { syncedTableNames } from '$lib/domain/tables';
import { backupFormat, backupManifestSchema } from '../backupFormat';

const hlc = '000001760000000:0000:dev1';

/** A manifest as a build from before the consent history wrote it: no `consentEvents` at all. */
function manifestWithout(table: string) {
	const rows = Object.fromEntries(syncedTableNames.filter((t) => t !== table).map((t) => [t, [] as unknown[]]));
	rows.projects = [{ id: 'p1', projectId: 'p1', updatedAt: hlc, name: 'Fjordvik', language: 'nb', template: 'empty', createdAt: '2026-01-01', createdBy: 'u', deleted: 0 }];
	return { format: backupFormat, version: 1, createdAt: '2026-01-01T00:00:00Z', projectId: 'p1', projectName: 'Fjordvik', rows, fieldClocks: {}, outbox: [], noteUpdates: [], blobs: [] };
}

describe('backup files across versions', () => {
	it('a backup from before the consent history still reads, with no consent records', () => {
		const parsed = backupManifestSchema.safeParse(manifestWithout('consentEvents'));
		expect(parsed.success).toBe(true);
		expect(parsed.data?.rows.consentEvents).toEqual([]);
	});

	it('a backup missing a table that every version wrote is refused', () => {
		expect(backupManifestSchema.safeParse(manifestWithout('entries')).success).toBe(false);
	});
});
