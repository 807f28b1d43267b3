import { z } from 'zod';
import { syncedTableNames, type SyncedTableName } from '$lib/domain/tables';
import { rowSchemas } from '$lib/domain/schemas';

/**
 * The backup file: a zip holding `backup.json` (every row of every synced
 * table, tombstones included, with its per-field clocks, and the changes not
 * yet sent), each note's Yjs updates as raw files under `notes/`, and each
 * attachment's bytes under `blobs/<sha256>`. Everything in `backup.json` is
 * checked with the same zod schemas that guard every other door, before a
 * single row is written.
 */
export const backupFormat = 'feltinnsikt-backup';
export const backupVersion = 1;
export const manifestName = 'backup.json';

const hlc = z.string().regex(/^\d{15}:[0-9a-f]{4}:[0-9a-z-]{1,64}$/);

/**
 * A row as a device holds it. Sync merges per field, so a device may hold a
 * row of which it has seen only some fields; the file is checked field by
 * field with the row's schema (as the server checks each change), not as a
 * whole row, which would refuse such a backup.
 */
const storedRow = z.looseObject({ id: z.string().min(1).max(200), projectId: z.string().min(1).max(64), updatedAt: hlc });
export type StoredRow = z.infer<typeof storedRow>;

/** Tables added after the first backups were written: a file from before them simply has none. */
const laterTables = new Set<SyncedTableName>(['consentEvents', 'erasures']);
const rowsShape = Object.fromEntries(
	syncedTableNames.map((t) => [t, laterTables.has(t) ? z.array(storedRow).default([]) : z.array(storedRow)])
) as Record<SyncedTableName, z.ZodArray<typeof storedRow>>;

/** The fields of a stored row that the schema knows, each valid; undefined when one is not. */
export function knownFields(table: SyncedTableName, row: Record<string, unknown>): Record<string, unknown> | undefined {
	const shape = rowSchemas[table].shape as Record<string, z.ZodType>;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(row)) {
		// The address of the row is checked by `storedRow` (derived ids such as a tagging's are longer than new ones).
		if (key === 'id' || key === 'projectId' || key === 'updatedAt') {
			out[key] = value;
			continue;
		}
		const field = shape[key];
		if (!field) continue;
		if (!field.safeParse(value).success) return undefined;
		out[key] = value;
	}
	return out;
}

export const backupManifestSchema = z
	.object({
		format: z.literal(backupFormat),
		version: z.number().int().min(1),
		createdAt: z.string().min(1),
		projectId: z.string().min(1).max(64),
		projectName: z.string(),
		rows: z.object(rowsShape),
		fieldClocks: z.record(z.string().max(300), z.record(z.string().max(64), hlc)),
		outbox: z.array(
			z.object({
				opId: z.string().min(1).max(64),
				hlc,
				projectId: z.string().min(1).max(64),
				table: z.enum(syncedTableNames),
				rowId: z.string().min(1).max(200),
				field: z.string().min(1).max(64),
				value: z.unknown(),
				// What an edit replaced (see sync/wire.ts); files from before it have none.
				base: hlc.optional()
			})
		),
		noteUpdates: z.array(
			z.object({
				id: z.string().min(1).max(64),
				noteId: z.string().min(1).max(200),
				createdAt: z.string(),
				synced: z.union([z.literal(0), z.literal(1)]),
				file: z.string().regex(/^notes\/[^/]+\.bin$/)
			})
		),
		blobs: z.array(
			z.object({
				sha256: z.string().regex(/^[0-9a-f]{64}$/),
				size: z.number().int().min(0),
				mime: z.string().min(1).max(120),
				file: z.string().regex(/^blobs\/[0-9a-f]{64}$/)
			})
		)
	})
	.superRefine((m, ctx) => {
		// One project per file, and nothing in it that belongs to another.
		for (const t of syncedTableNames) {
			for (const [i, row] of m.rows[t].entries()) {
				if (row.projectId !== m.projectId) {
					ctx.addIssue({ code: 'custom', path: ['rows', t, i], message: 'A row belongs to another project.' });
					return;
				}
				if (!knownFields(t, row)) {
					ctx.addIssue({ code: 'custom', path: ['rows', t, i], message: 'A field of the row is not valid.' });
					return;
				}
			}
		}
		if (!m.rows.projects.some((p) => p.id === m.projectId)) {
			ctx.addIssue({ code: 'custom', path: ['rows', 'projects'], message: 'The project row is missing.' });
		}
	});

export type BackupManifest = z.infer<typeof backupManifestSchema>;
