import { strFromU8, unzipSync } from 'fflate';
import { syncedTableNames, type FieldworkDb, type OutboxChange } from '$lib/data/db';
import { applyRemoteChanges, readCursor } from '$lib/sync/applyRemote';
import type { HybridClock } from '$lib/sync/hlc';
import { toBase64, yjsField, type PulledChange } from '$lib/sync/wire';
import { checkNoteUpdateBytes } from '$lib/notes/updateCheck';
import { backupFormat, backupManifestSchema, backupVersion, knownFields, manifestName, type BackupManifest } from './backupFormat';
import { ExchangeError } from './qdc';
import { clockKey, type ProgressFn } from './snapshot';
import { enforceErasures } from '$lib/data/erasure';
import { sealBlob, type SealedBlob } from '$lib/crypto/blobSeal';

/**
 * Restoring a backup is a sync from a file: every field of every row becomes
 * a change stamped with the clock it had on the device that made the backup,
 * and `applyRemoteChanges` – the same code that applies a pull – merges it.
 * Into an empty device that gives back the project as it was; into a device
 * that already has the project, per field the newer edit wins, the loser goes
 * to history, and the result is what syncing the two devices would give.
 * Note updates are added (Yjs merges them); attachment bytes are added by hash.
 */
export interface ParsedBackup {
	manifest: BackupManifest;
	noteUpdates: Map<string, Uint8Array>;
	blobs: Map<string, Uint8Array>;
}

export interface RestoreSummary {
	projectId: string;
	projectName: string;
	rows: number;
	noteUpdates: number;
	files: number;
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Opens and checks a backup file; throws an `ExchangeError` and touches nothing if any part is wrong. */
export async function readBackup(bytes: Uint8Array, onProgress?: ProgressFn): Promise<ParsedBackup> {
	let entries: Record<string, Uint8Array>;
	try {
		entries = unzipSync(bytes);
	} catch {
		throw new ExchangeError('invalidBackup', 'The file is not a zip archive.');
	}
	const raw = entries[manifestName];
	if (!raw) throw new ExchangeError('invalidBackup', `The archive has no ${manifestName}.`);
	let json: unknown;
	try {
		json = JSON.parse(strFromU8(raw));
	} catch {
		throw new ExchangeError('invalidBackup', `${manifestName} is not JSON.`);
	}
	const head = json as { format?: unknown; version?: unknown };
	if (head?.format === backupFormat && typeof head.version === 'number' && head.version > backupVersion) {
		throw new ExchangeError('backupVersion', `The backup is version ${head.version}; this app reads up to ${backupVersion}.`);
	}
	const parsed = backupManifestSchema.safeParse(json);
	if (!parsed.success) throw new ExchangeError('invalidBackup', `${manifestName} is not a valid backup: ${parsed.error.issues[0]?.message ?? ''}`);
	const manifest = parsed.data;

	const noteUpdates = new Map<string, Uint8Array>();
	for (const u of manifest.noteUpdates) {
		const file = entries[u.file];
		if (!file) throw new ExchangeError('backupDamaged', `${u.file} is missing.`);
		noteUpdates.set(u.id, file);
	}
	const blobs = new Map<string, Uint8Array>();
	const total = manifest.blobs.length;
	for (const [i, b] of manifest.blobs.entries()) {
		const file = entries[b.file];
		// An attachment is only restored if its bytes are exactly what the backup recorded.
		if (!file || file.length !== b.size) throw new ExchangeError('backupDamaged', `${b.file} is missing or cut short.`);
		const digest = hex(await crypto.subtle.digest('SHA-256', file as Uint8Array<ArrayBuffer>));
		if (digest !== b.sha256) throw new ExchangeError('backupDamaged', `${b.file} does not match its checksum.`);
		blobs.set(b.sha256, file);
		onProgress?.(i + 1, total);
	}
	return { manifest, noteUpdates, blobs };
}

/** Every field of every row in the backup as a change, stamped with the field's clock. */
export function backupChanges(manifest: BackupManifest): PulledChange[] {
	const changes: PulledChange[] = [];
	for (const table of syncedTableNames) {
		for (const stored of manifest.rows[table]) {
			const row = knownFields(table, stored)!;
			const clocks = manifest.fieldClocks[clockKey(table, stored.id)] ?? {};
			for (const [field, value] of Object.entries(row)) {
				if (field === 'id' || field === 'projectId' || field === 'updatedAt') continue;
				// A field without its own clock was last written with the row's stamp.
				const hlc = clocks[field] ?? stored.updatedAt;
				changes.push({ seq: 0, opId: `restore:${table}/${stored.id}/${field}`, hlc, table, rowId: stored.id, field, value });
			}
		}
	}
	return changes;
}

/** Merges a checked backup into the device's database, in one transaction. */
export async function restoreBackup(db: FieldworkDb, clock: HybridClock, backup: ParsedBackup): Promise<RestoreSummary> {
	const { manifest } = backup;
	const projectId = manifest.projectId;
	const changes = backupChanges(manifest);
	// Sealed before the transaction (WebCrypto is asynchronous): the photos and recordings land encrypted when a PIN is set.
	const sealedBlobs = new Map<string, SealedBlob>();
	for (const b of manifest.blobs) sealedBlobs.set(b.sha256, await sealBlob(new Blob([backup.blobs.get(b.sha256)! as Uint8Array<ArrayBuffer>], { type: b.mime })));
	await db.transaction('rw', [...syncedTableNames, 'noteUpdates', 'syncState', 'history', 'outbox', 'blobs', 'setAside'], async () => {
		// The device's place in the server's log is its own; a restore must not move it.
		const cursor = await readCursor(db, projectId);
		await applyRemoteChanges(db, clock, projectId, changes, cursor);
		for (const u of manifest.noteUpdates) {
			if (await db.noteUpdates.where('id').equals(u.id).count()) continue;
			// An update no note can take is kept aside and reported, as a pulled one would be.
			if (!checkNoteUpdateBytes(backup.noteUpdates.get(u.id)!).ok) {
				const value = toBase64(backup.noteUpdates.get(u.id)!);
				await db.setAside.put({ opId: u.id, projectId, seq: 0, table: 'noteUpdates', rowId: u.noteId, field: yjsField, value, hlc: '', reason: 'invalid_update', at: new Date().toISOString() });
				continue;
			}
			// Kept unacknowledged if it was: an update the server never got is still sent after a restore.
			await db.noteUpdates.add({ id: u.id, projectId, noteId: u.noteId, update: backup.noteUpdates.get(u.id)!, createdAt: u.createdAt, synced: u.synced });
		}
		for (const b of manifest.blobs) {
			if (await db.blobs.get(b.sha256)) continue;
			await db.blobs.put({ sha256: b.sha256, ...sealedBlobs.get(b.sha256)!, size: b.size, mime: b.mime, uploaded: 0 });
		}
		// Changes the backed-up device had not sent yet: sent from here, once (the server applies each op once).
		const queued = manifest.outbox.filter((o) => o.projectId === projectId) as OutboxChange[];
		// On an empty device (the usual restore) nothing can be queued already: skip looking up every op.
		const anyQueued = (await db.outbox.where('projectId').equals(projectId).count()) > 0;
		const present = new Set(anyQueued ? (await db.outbox.bulkGet(queued.map((o) => o.opId))).filter(Boolean).map((o) => o!.opId) : []);
		await db.outbox.bulkAdd(queued.filter((o) => !present.has(o.opId)));
	});
	// A backup from before an erasure must not bring the participant back: the erasure
	// records this device holds (and those its next sync pulls) take the rows out again.
	await enforceErasures(db, projectId);
	return {
		projectId,
		projectName: manifest.projectName,
		rows: syncedTableNames.reduce((n, t) => n + manifest.rows[t].length, 0),
		noteUpdates: manifest.noteUpdates.length,
		files: manifest.blobs.length
	};
}
