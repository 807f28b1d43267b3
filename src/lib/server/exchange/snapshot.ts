import { syncedTableNames, type SyncedTableName } from '$lib/domain/tables';
import { addressedRowSchema } from '$lib/domain/schemas';
import type { Project } from '$lib/domain/project';
import { clockKey, emptyRows, type BackupSource, type SnapshotUser } from '$lib/exchange/snapshot';
import type { FieldClocks } from '$lib/sync/fieldClocks';
import { readBlob } from '$lib/server/sync/blobs';
import type { SqlClient } from '$lib/server/sync/sql';
import { fromBase64 } from '$lib/sync/wire';

/**
 * The server's stored rows of a project as the same snapshot the browser
 * builds from IndexedDB, so exports from the server are made by the very
 * same exporters. A row is rebuilt from its fields (last writer wins per
 * field, as stored); one the server holds only part of – its creation not yet
 * pushed – is left out rather than exported half.
 */
const addressed = addressedRowSchema;

/** What the accounts side knows of a project: its name and its members' names. */
export interface ProjectAbout {
	name?: string;
	createdBy?: string;
	createdAt?: string | Date;
	users?: SnapshotUser[];
}

export async function projectAbout(sql: SqlClient, projectId: string): Promise<ProjectAbout> {
	const [meta] = await sql.query<{ name: string; created_by: string; created_at: string | Date }>(
		'select name, created_by, created_at from projects where id = $1',
		[projectId]
	);
	const users = await sql.query<{ id: string; display_name: string }>(
		'select u.id, u.display_name from users u join memberships m on m.user_id = u.id where m.project_id = $1',
		[projectId]
	);
	return { name: meta?.name, createdBy: meta?.created_by, createdAt: meta?.created_at, users: users.map((u) => ({ id: u.id, name: u.display_name })) };
}

export async function serverSnapshot(sql: SqlClient, projectId: string, about: ProjectAbout = {}): Promise<BackupSource> {
	const fields = await sql.query<{ tbl: string; row_id: string; field: string; value: unknown; hlc: string }>(
		`select tbl, row_id, field, value, hlc from field_state where project_id = $1`,
		[projectId]
	);
	const raw = new Map<string, Record<string, unknown>>();
	for (const f of fields) {
		const key = `${f.tbl}\u0000${f.row_id}`;
		if (!raw.has(key)) raw.set(key, { id: f.row_id, projectId, updatedAt: f.hlc });
		const row = raw.get(key)!;
		row[f.field] = f.value;
		if (f.hlc > String(row.updatedAt)) row.updatedAt = f.hlc;
	}
	// Each field's stamp, so a backup made here merges on a device exactly as sync would.
	const clocks = new Map<string, FieldClocks>();
	for (const f of fields) {
		const key = clockKey(f.tbl, f.row_id);
		if (!clocks.has(key)) clocks.set(key, {});
		clocks.get(key)![f.field] = f.hlc;
	}
	const rows = emptyRows();
	const fieldClocks: Record<string, FieldClocks> = {};
	for (const [key, row] of raw) {
		const table = key.split('\u0000')[0] as SyncedTableName;
		if (!(syncedTableNames as readonly string[]).includes(table)) continue;
		const parsed = addressed(table).safeParse(row);
		if (!parsed.success) continue;
		(rows[table] as unknown[]).push(parsed.data);
		const id = String(row.id);
		fieldClocks[clockKey(table, id)] = clocks.get(clockKey(table, id)) ?? {};
	}

	const project: Project =
		rows.projects.find((p) => p.id === projectId) ??
		({
			id: projectId,
			projectId,
			name: about.name ?? projectId,
			description: '',
			language: 'nb',
			template: 'empty',
			participantCounter: 0,
			createdAt: new Date(about.createdAt ?? 0).toISOString(),
			createdBy: about.createdBy ?? 'server',
			updatedAt: '',
			deleted: 0
		} satisfies Project);

	// Quarantined updates are left out; so is a value that is not base64 (stored before the
	// server checked updates). Whether the rest apply, the exporters find out one by one.
	const updates = await sql.query<{ op_id: string; row_id: string; value: unknown; seq: string | number }>(
		`select c.op_id, c.row_id, c.value, c.seq from changes c
		 where c.project_id = $1 and c.tbl = 'noteUpdates'
		 and not exists (select 1 from quarantined_note_updates q where q.op_id = c.op_id)
		 order by c.seq`,
		[projectId]
	);
	return {
		project,
		rows,
		noteUpdates: updates.flatMap((u) => {
			const update = typeof u.value === 'string' ? decodeBase64(u.value) : undefined;
			return update ? [{ id: u.op_id, noteId: u.row_id, update, createdAt: '', synced: 1 as const }] : [];
		}),
		users: about.users ?? [],
		fieldClocks,
		// The server has nothing unsent.
		outbox: [],
		async blob(sha256) {
			return (await readBlob(sql, projectId, sha256))?.data;
		}
	};
}

/** The bytes of a stored update, or undefined when the text is not base64. */
function decodeBase64(text: string): Uint8Array | undefined {
	try {
		return fromBase64(text);
	} catch {
		return undefined;
	}
}
