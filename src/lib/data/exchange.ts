import { syncedTableNames, type SyncedTableName } from './db';
import type { DataContext } from './context';
import type { Repositories } from './repositories';
import type { FieldClocks } from '$lib/sync/fieldClocks';
import { NotFoundError } from '$lib/domain/validation';
import type { ImportedCode } from '$lib/exchange/qdc';
import { derivedGuid } from '$lib/exchange/guid';
import { readBackup, restoreBackup, type RestoreSummary } from '$lib/exchange/restore';
import { clockKey, emptyRows, type BackupSource, type ProgressFn, type SnapshotUser } from '$lib/exchange/snapshot';

/**
 * The data layer's side of export and backup: the snapshot the exporters
 * read, the restore of a backup file, and the import of a codebook. Screens
 * call these; they never open the tables themselves.
 */
type Data = { ctx: DataContext; repos: Repositories };

/** Everything the device holds of a project, as plain data (attachment bytes read on demand). */
export async function readProjectSnapshot({ ctx }: Pick<Data, 'ctx'>, projectId: string, users: SnapshotUser[] = []): Promise<BackupSource> {
	const { db } = ctx;
	const project = await db.projects.get(projectId);
	if (!project || project.deleted) throw new NotFoundError('projects', projectId);
	const rows = emptyRows();
	const fieldClocks: Record<string, FieldClocks> = {};
	await db.transaction('r', [...syncedTableNames, 'noteUpdates', 'outbox', 'syncState'], async () => {
		for (const table of syncedTableNames) {
			// The project row is its own project (it has no projectId index).
			const found = table === 'projects' ? [project] : await db.table(table).where('projectId').equals(projectId).toArray();
			(rows as Record<SyncedTableName, unknown[]>)[table] = found;
			const keys = found.map((r: { id: string }) => `fc:${clockKey(table, r.id)}`);
			const clocks = await db.syncState.bulkGet(keys);
			found.forEach((r: { id: string }, i: number) => {
				const value = clocks[i]?.value as FieldClocks | undefined;
				if (value) fieldClocks[clockKey(table, r.id)] = value;
			});
		}
	});
	const noteUpdates = (await db.noteUpdates.where('projectId').equals(projectId).sortBy('seq')).map((u) => ({
		id: u.id,
		noteId: u.noteId,
		update: u.update,
		createdAt: u.createdAt,
		synced: u.synced
	}));
	const outbox = await db.outbox.where('projectId').equals(projectId).toArray();
	return {
		project,
		rows,
		noteUpdates,
		users,
		fieldClocks,
		outbox,
		async blob(sha256) {
			const stored = await db.blobs.get(sha256);
			return stored ? new Uint8Array(await stored.blob.arrayBuffer()) : undefined;
		}
	};
}

/** Checks a backup file and merges it into this device; a bad file changes nothing. */
export async function restoreBackupFile({ ctx }: Pick<Data, 'ctx'>, bytes: Uint8Array, onProgress?: ProgressFn): Promise<RestoreSummary> {
	const backup = await readBackup(bytes, onProgress);
	return restoreBackup(ctx.db, ctx.clock, backup);
}

/**
 * Adds an imported codebook to a project in one transaction. A code keeps its
 * GUID as its id, so importing the same codebook again updates those codes
 * instead of adding copies; names, colours, descriptions and the hierarchy
 * come from the file.
 */
export async function importCodebook({ ctx, repos }: Data, projectId: string, codes: ImportedCode[]): Promise<number> {
	let count = 0;
	await ctx.db.transaction('rw', ['codes', 'outbox', 'syncState'], async () => {
		const write = async (nodes: ImportedCode[], parentId: string | null) => {
			for (const node of nodes) {
				const fields = { parentId, name: node.name, description: node.description, ...(node.colour ? { colour: node.colour } : {}) };
				// A codebook exported from one project and imported into another on the same device
				// carries ids that are taken: the copy gets ids derived from the project and the GUID.
				let id = node.guid;
				let existing = await ctx.db.codes.get(id);
				if (existing && existing.projectId !== projectId) {
					id = derivedGuid('imported-code', `${projectId}/${node.guid}`);
					existing = await ctx.db.codes.get(id);
				}
				if (existing) {
					if (existing.deleted) await repos.codes.restore(id);
					await repos.codes.update(id, fields);
				} else await repos.codes.create(projectId, fields, id);
				count++;
				await write(node.children, id);
			}
		};
		await write(codes, null);
	});
	return count;
}
