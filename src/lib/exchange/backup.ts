import { strToU8, zipSync, type Zippable } from 'fflate';
import { syncedTableNames } from '$lib/domain/tables';
import { backupFormat, backupVersion, manifestName, type BackupManifest } from './backupFormat';
import { clockKey, yieldToUi, type BackupSource, type ProgressFn } from './snapshot';

/**
 * The whole local project as one file, made offline from what is on the
 * device: rows (tombstones too, so a deletion is not undone by a restore),
 * their field clocks (so a restore merges per field exactly as sync does),
 * the unsent changes, the note update logs and the attachment bytes.
 */
export async function createBackup(source: BackupSource, options: { createdAt: string; onProgress?: ProgressFn }): Promise<Uint8Array> {
	const files: Zippable = {};
	const blobs: BackupManifest['blobs'] = [];
	const attachments = source.rows.attachments;
	const hashes = [...new Set(attachments.map((a) => a.sha256))];
	const total = hashes.length + 2;
	let done = 0;
	const progress = async () => {
		options.onProgress?.(++done, total);
		await yieldToUi();
	};

	const noteUpdates = source.noteUpdates.map((u) => {
		const file = `notes/${u.id}.bin`;
		files[file] = [u.update, { level: 6 }];
		return { id: u.id, noteId: u.noteId, createdAt: u.createdAt, synced: u.synced, file };
	});
	await progress();

	for (const sha256 of hashes) {
		const bytes = await source.blob(sha256);
		// An attachment this device never downloaded stays a row without bytes; sync fetches them later.
		if (bytes) {
			const file = `blobs/${sha256}`;
			files[file] = [bytes, { level: 0 }];
			blobs.push({ sha256, size: bytes.length, mime: attachments.find((a) => a.sha256 === sha256)!.mime, file });
		}
		await progress();
	}

	const fieldClocks: BackupManifest['fieldClocks'] = {};
	for (const t of syncedTableNames) {
		for (const row of source.rows[t]) {
			const clocks = source.fieldClocks[clockKey(t, row.id)];
			if (clocks) fieldClocks[clockKey(t, row.id)] = clocks;
		}
	}
	const manifest = {
		format: backupFormat,
		version: backupVersion,
		createdAt: options.createdAt,
		projectId: source.project.id,
		projectName: source.project.name,
		rows: source.rows,
		fieldClocks,
		outbox: source.outbox,
		noteUpdates,
		blobs
	};
	files[manifestName] = [strToU8(JSON.stringify(manifest)), { level: 6 }];
	const bytes = zipSync(files, { mtime: new Date(options.createdAt) });
	await progress();
	return bytes;
}
