import type { z } from 'zod';
import type { Attachment, attachmentFields, StoredBlob } from '$lib/domain/attachment';
import type { LocalData } from '$lib/data/local';
import { openStoredBlob, sealBlob, type SealedBlob } from '$lib/crypto/blobSeal';
import { assembleChunks } from './chunks';
import { chunkTableName, deleteChunks, readChunks, type RecordingChunk } from './chunkStore';
import { isQuotaExceeded } from './quota';
import { sha256Hex } from './sha256';
import { withWebmDuration } from './webmDuration';
import { audioMimeOfBytes } from './audioMime';
import { SNIFF_BYTES } from '$lib/domain/sniffFamily';

export type MediaData = Pick<LocalData, 'db' | 'repos'>;
type AttachmentInput = z.input<typeof attachmentFields>;

const blobTables = [...new Set([chunkTableName, 'blobs', 'attachments', 'outbox', 'syncState'])];

/**
 * Stores the bytes once under their content hash and the attachment row that
 * points at them, in one transaction: either both are saved or neither.
 */
export async function storeAttachment(
	{ db, repos }: MediaData,
	projectId: string,
	input: Omit<AttachmentInput, 'sha256' | 'size' | 'mime'>,
	blob: Blob,
	options: { id?: string; mime?: string } = {}
): Promise<Attachment> {
	const sha256 = await sha256Hex(blob);
	const mime = options.mime || blob.type || 'application/octet-stream';
	// Sealed before the transaction: WebCrypto is asynchronous and would let it commit early.
	const sealed = await sealBlob(blob);
	return db.transaction('rw', blobTables, async () => {
		await putBlobOnce({ db }, sha256, sealed, blob.size, mime);
		return repos.attachments.create(projectId, { ...input, sha256, size: blob.size, mime }, options.id);
	});
}

/** Same bytes already stored (a photo picked twice): keep the one copy and its upload state. */
async function putBlobOnce({ db }: Pick<MediaData, 'db'>, sha256: string, sealed: SealedBlob, size: number, mime: string): Promise<void> {
	if ((await db.blobs.where('sha256').equals(sha256).count()) > 0) return;
	const stored: StoredBlob = { sha256, ...sealed, size, mime, uploaded: 0 };
	await db.blobs.put(stored);
}

/** A recording's saved chunks as one playable Blob (WebM gets its length in the header). */
async function assembleRecording(chunks: RecordingChunk[], durationMs: number | null): Promise<{ blob: Blob; durationMs: number; mime: string }> {
	// The type the bytes are (AAC in MP4 on an iPad, Opus in WebM in Chromium), not only what the recorder said.
	const mime = audioMimeOfBytes(new Uint8Array(await chunks[0].blob.slice(0, SNIFF_BYTES).arrayBuffer()), chunks[chunks.length - 1].recording.mime);
	const { blob, count } = assembleChunks(
		chunks.map((c) => ({ seq: c.recording.seq, blob: c.blob })),
		mime
	);
	const duration = Math.max(0, Math.round(durationMs ?? chunks[count - 1].recording.elapsedMs));
	return { blob: await withDurationHeader(blob, chunks[0].blob.size, mime, duration), durationMs: duration, mime };
}

/**
 * Turns a recording's saved chunks into one audio attachment: the bytes under
 * their hash, the row, and the chunks cleared, in one transaction. Resolves to
 * null when nothing of the recording was saved.
 *
 * On a full disk the assembled copy may not fit. Then the row alone is written –
 * it is small – and the bytes stay where they are, as chunks: the recording is in
 * the list and plays (`loadAttachmentBlob`), and a later call (the next visit,
 * with space again) moves the bytes under their hash. Safe to call any number of times.
 */
export async function finishRecording(data: MediaData, attachmentId: string, options: { durationMs?: number | null } = {}): Promise<Attachment | null> {
	const existing = await data.repos.attachments.get(attachmentId);
	const chunks = await readChunks(data.db, attachmentId);
	if (chunks.length === 0) return existing ?? null;
	const meta = chunks[chunks.length - 1].recording;
	// A row written earlier fixes the duration, and so the bytes and their hash.
	const { blob, durationMs, mime } = await assembleRecording(chunks, existing ? existing.durationMs : (options.durationMs ?? null));
	const sha256 = await sha256Hex(blob);
	if (existing && existing.sha256 !== sha256) return existing; // Not the bytes the row names: leave both alone.
	const fields = { kind: 'audio' as const, sessionId: meta.sessionId, durationMs, sha256, size: blob.size, mime };
	const sealed = await sealBlob(blob);
	try {
		return await data.db.transaction('rw', blobTables, async () => {
			// Chunks go first: in the same transaction, so they only go if the whole recording is stored.
			await deleteChunks(data.db, attachmentId);
			await putBlobOnce(data, sha256, sealed, blob.size, mime);
			return (await data.repos.attachments.get(attachmentId)) ?? data.repos.attachments.create(meta.projectId, fields, attachmentId);
		});
	} catch (error) {
		if (!isQuotaExceeded(error)) throw error;
		// Still no room to move the bytes: they stay as chunks, the row is what it was.
		if (existing) return existing;
		return data.repos.attachments.create(meta.projectId, fields, attachmentId);
	}
}

/** The bytes of an attachment on this device: stored under its hash, or (a recording finished on a full disk) still as chunks. */
export async function loadAttachmentBlob({ db }: Pick<MediaData, 'db'>, attachment: Pick<Attachment, 'id' | 'kind' | 'sha256' | 'durationMs'>): Promise<Blob | null> {
	const stored = await db.blobs.get(attachment.sha256);
	if (stored) return openStoredBlob(stored);
	if (attachment.kind !== 'audio') return null;
	const chunks = await readChunks(db, attachment.id);
	if (chunks.length === 0) return null;
	return (await assembleRecording(chunks, attachment.durationMs)).blob;
}

/** Writes the recording's length into a WebM header (in the first chunk) so players can show and scrub it. */
async function withDurationHeader(blob: Blob, headBytes: number, mime: string, durationMs: number): Promise<Blob> {
	if (!/webm/i.test(mime) || headBytes === 0) return blob;
	const head = new Uint8Array(await blob.slice(0, headBytes).arrayBuffer());
	const fixed = withWebmDuration(head, durationMs);
	return fixed ? new Blob([fixed as Uint8Array<ArrayBuffer>, blob.slice(headBytes)], { type: blob.type }) : blob;
}

/** A session's recordings and photos, oldest first (tombstones left out). */
export async function sessionAttachments(db: MediaData['db'], sessionId: string): Promise<Attachment[]> {
	const rows = await db.attachments.where('sessionId').equals(sessionId).toArray();
	return rows.filter((a) => !a.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
