import type { Transaction } from 'dexie';
import { buildMapCounts } from './mapAggregate';

/**
 * Every version of the local schema, oldest first. Never edit a released
 * version: add a new one with an upgrade, so a tablet that has been in a
 * drawer for months still opens its data.
 */
export interface SchemaVersion {
	version: number;
	stores: Record<string, string | null>;
	upgrade?: (tx: Transaction) => Promise<void>;
}

const core: Record<string, string> = {
	projects: 'id, updatedAt',
	regions: 'id, projectId, parentId',
	lifeStages: 'id, projectId',
	participants: 'id, projectId, [projectId+code]',
	sessions: 'id, projectId, [projectId+date]',
	notes: 'id, projectId, &sessionId',
	noteUpdates: '++seq, &id, noteId, projectId, synced',
	entries: 'id, projectId, sessionId, highlightId, participantId, [projectId+kind]',
	highlights: 'id, projectId, noteId, sessionId, entryId',
	codes: 'id, projectId, parentId',
	taggings: 'id, projectId, targetId, tagId',
	attachments: 'id, projectId, sessionId, entryId, sha256',
	blobs: 'sha256, uploaded',
	outbox: 'opId, hlc, projectId, [table+rowId]',
	syncState: 'key',
	settings: 'key'
};

export const schemaVersions: SchemaVersion[] = [
	{ version: 1, stores: core },
	{
		// Review mode: boards, clusters, insights and innovation areas, and a review
		// status on every entry (entries captured under v1 start as "new").
		version: 2,
		stores: {
			entries: 'id, projectId, sessionId, highlightId, participantId, [projectId+kind], [projectId+reviewStatus]',
			boards: 'id, projectId',
			clusters: 'id, projectId, boardId',
			clusterMembers: 'id, projectId, boardId, clusterId, entryId',
			insights: 'id, projectId',
			innovationAreas: 'id, projectId',
			comments: 'id, projectId, targetId',
			votes: 'id, projectId, clusterId'
		},
		async upgrade(tx) {
			await tx
				.table('entries')
				.toCollection()
				.modify((entry: Record<string, unknown>) => {
					entry.reviewStatus ??= 'new';
					entry.reviewedBy ??= null;
					entry.reviewedAt ??= null;
				});
		}
	},
	{
		// Sync: values that lost a conflict (kept so a user can see and restore
		// them), and changes the server refused (kept, never silently dropped).
		version: 3,
		stores: {
			history: '++id, projectId, [table+rowId]',
			rejected: 'opId, projectId'
		}
	},
	{
		// Intercoder: each researcher's own code decisions (taggings are shared rows).
		version: 4,
		stores: {
			codings: 'id, projectId, targetId, codeId'
		}
	},
	{
		// Sync: pulled changes this build cannot apply (a newer server's table or
		// field, a value or note update that does not pass), kept aside with the
		// reason instead of stopping sync, and tried again after an app update.
		version: 5,
		stores: {
			setAside: 'opId, projectId'
		}
	},
	{
		// Consent history: each recorded change of a participant's consent is a row of
		// its own, only ever added, so no tablet's record is lost to another's.
		version: 6,
		stores: {
			consentEvents: 'id, projectId, participantId'
		}
	},
	{
		// Search: each project's full-text index as the search worker last saved it, so a large
		// project is searchable without rebuilding the index (see search/persisted.ts). Derived
		// data, never synced: dropping a row only costs one rebuild.
		version: 7,
		stores: {
			searchIndex: 'projectId'
		}
	},
	{
		// The map's counts, kept up to date in the same transaction as every write (see
		// data/mapAggregate.ts), so opening the map reads one row per cell, not the project.
		// Derived data, never synced: counted here once from what the device holds.
		version: 8,
		stores: {
			mapEntries: 'id, *cells',
			mapCells: 'key, projectId'
		},
		upgrade: buildMapCounts
	},
	{
		// Erasure: the audit record of a participant erased for good, which every device obeys
		// whenever it meets their rows again (after a sync, a restore). Numbers need only increase
		// (Dexie allows gaps): 9 was free while other work took the numbers around it.
		version: 9,
		stores: {
			erasures: 'id, projectId, participantId'
		}
	}
];

/** The highest version, wherever it stands in the list (versions need only increase, gaps are fine). */
export const latestSchemaVersion = Math.max(...schemaVersions.map((v) => v.version));
