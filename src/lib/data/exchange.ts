import { syncedTableNames, type SyncedTableName } from './db';
import type { DataContext } from './context';
import type { Repositories } from './repositories';
import type { FieldClocks } from '$lib/sync/fieldClocks';
import { NotFoundError } from '$lib/domain/validation';
import type { ImportedCode } from '$lib/exchange/qdc';
import { derivedGuid } from '$lib/exchange/guid';
import { readBackup, restoreBackup, type RestoreSummary } from '$lib/exchange/restore';
import { clockKey, emptyRows, type BackupSource, type ProgressFn, type SnapshotUser } from '$lib/exchange/snapshot';
import { openStoredBlob } from '$lib/crypto/blobSeal';

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
			return stored ? new Uint8Array(await (await openStoredBlob(stored)).arrayBuffer()) : undefined;
		}
	};
}

/** Checks a backup file and merges it into this device; a bad file changes nothing. */
export async function restoreBackupFile({ ctx }: Pick<Data, 'ctx'>, bytes: Uint8Array, onProgress?: ProgressFn): Promise<RestoreSummary> {
	const backup = await readBackup(bytes, onProgress);
	return restoreBackup(ctx.db, ctx.clock, backup);
}

/**
 * Adds an imported codebook to a project in one transaction. Each code in the
 * file is matched to a code of the project first by GUID (a codebook exported
 * from here keeps its ids), then by its qualified name – the names from the
 * root down, ignoring case – since QualCoder and others give every code a new
 * GUID on each export, and a round trip must not double the codebook. A
 * matched code takes the file's name, colour, description, group flag and
 * place in the hierarchy; an unmatched one is added.
 */
export async function importCodebook({ ctx, repos }: Data, projectId: string, codes: ImportedCode[]): Promise<number> {
	let count = 0;
	await ctx.db.transaction('rw', ['codes', 'outbox', 'syncState'], async () => {
		const own = (await ctx.db.codes.where('projectId').equals(projectId).toArray()).filter((c) => !c.deleted);
		const byId = new Map(own.map((c) => [c.id, c]));
		const pathOf = (id: string, seen = new Set<string>()): string => {
			const c = byId.get(id)!;
			const parent = c.parentId && byId.has(c.parentId) && !seen.has(c.parentId) ? pathOf(c.parentId, new Set([...seen, id])) : '';
			return parent ? `${parent}\u0000${c.name.toLocaleLowerCase('nb')}` : c.name.toLocaleLowerCase('nb');
		};
		const byPath = new Map<string, string>();
		for (const c of own) if (!byPath.has(pathOf(c.id))) byPath.set(pathOf(c.id), c.id);
		const used = new Set<string>();

		const match = async (node: ImportedCode, path: string): Promise<{ id: string; exists: boolean }> => {
			// A codebook exported from one project and imported into another on the same device
			// carries ids that are taken: the copy gets ids derived from the project and the GUID.
			const candidates = [node.guid, derivedGuid('imported-code', `${projectId}/${node.guid}`)];
			const found = await Promise.all(candidates.map((id) => ctx.db.codes.get(id)));
			const mine = found.filter((c) => c && c.projectId === projectId && !used.has(c.id));
			const live = mine.find((c) => !c!.deleted);
			if (live) return { id: live.id, exists: true };
			const named = byPath.get(path);
			if (named && !used.has(named)) return { id: named, exists: true };
			// A deleted code of the same GUID comes back rather than a second copy being made.
			if (mine[0]) return { id: mine[0].id, exists: true };
			return { id: found[0] ? candidates[1] : candidates[0], exists: false };
		};

		const write = async (nodes: ImportedCode[], parentId: string | null, parentPath: string) => {
			for (const node of nodes) {
				const path = parentPath ? `${parentPath}\u0000${node.name.toLocaleLowerCase('nb')}` : node.name.toLocaleLowerCase('nb');
				const fields = { parentId, name: node.name, description: node.description, codable: node.codable, ...(node.colour ? { colour: node.colour } : {}) };
				const { id, exists } = await match(node, path);
				used.add(id);
				if (exists) {
					const existing = (await ctx.db.codes.get(id))!;
					if (existing.deleted) await repos.codes.restore(id);
					await repos.codes.update(id, fields);
				} else await repos.codes.create(projectId, fields, id);
				count++;
				await write(node.children, id, path);
			}
		};
		await write(codes, null, '');
	});
	return count;
}
