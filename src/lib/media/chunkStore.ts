import type { StoredBlob } from '$lib/domain/attachment';
import { openStoredBlob, sealBlob } from '$lib/crypto/blobSeal';
import type { FieldworkDb } from '$lib/data/db';
import { groupPartialKeys, partialKey, partialPrefix, partialPrefixOf } from './chunks';

/**
 * Where a recording's chunks wait until the recording is assembled: local only,
 * never synced. They live in the `blobs` table under provisional `partial:` keys
 * (uploaded: 0) because the schema has no table of its own for them; a blob
 * uploader must skip keys that are not a sha256 (`isPartialKey`). Moving them to a
 * dedicated table is a change to `chunkTable` (and the table list) below only.
 */
export type ChunkDb = Pick<FieldworkDb, 'blobs'>;
export const chunkTableName = 'blobs' as const;
const chunkTable = (db: ChunkDb) => db.blobs;

/** What a recording needs to be finished later, stamped on every chunk. */
export interface RecordingMeta {
	attachmentId: string;
	projectId: string;
	sessionId: string;
	mime: string;
}

export interface RecordingChunk extends StoredBlob {
	recording: RecordingMeta & {
		seq: number;
		/** Milliseconds from the start of the recording to the end of this chunk. */
		elapsedMs: number;
	};
}

export async function putChunk(db: ChunkDb, meta: RecordingMeta, seq: number, blob: Blob, elapsedMs: number): Promise<void> {
	const chunk: RecordingChunk = {
		sha256: partialKey(meta.attachmentId, seq),
		// Sealed before the put (a Blob is read asynchronously): no chunk of a recording lands in the clear once a PIN is set.
		...(await sealBlob(blob)),
		size: blob.size,
		mime: meta.mime,
		uploaded: 0,
		recording: { ...meta, seq, elapsedMs: Math.max(0, Math.round(elapsedMs)) }
	};
	await chunkTable(db).put(chunk);
}

function keyRange(db: ChunkDb, prefix: string) {
	return chunkTable(db).where('sha256').startsWith(prefix);
}

export async function readChunks(db: ChunkDb, attachmentId: string): Promise<RecordingChunk[]> {
	const rows = (await keyRange(db, partialPrefixOf(attachmentId)).toArray()) as RecordingChunk[];
	const chunks = rows.filter((r) => r.recording).sort((a, b) => a.recording.seq - b.recording.seq);
	// The bytes as recorded: sealed chunks are opened here, after the read, outside any transaction.
	return Promise.all(chunks.map(async (c) => (c.sealed ? { ...c, blob: await openStoredBlob(c), sealed: undefined } : c)));
}

export async function countChunks(db: ChunkDb, attachmentId: string): Promise<number> {
	return keyRange(db, partialPrefixOf(attachmentId)).count();
}

/** Inside a caller's transaction when there is one (it must include the chunk table). */
export async function deleteChunks(db: ChunkDb, attachmentId: string): Promise<number> {
	return keyRange(db, partialPrefixOf(attachmentId)).delete();
}

export interface UnfinishedRecording extends RecordingMeta {
	chunks: number;
	/** How far the saved chunks reach into the recording. */
	elapsedMs: number;
}

/** Recordings whose chunks are still waiting to be assembled (after a crash, or a stop that could not finish). */
export async function unfinishedRecordings(db: ChunkDb, filter: { sessionId?: string } = {}): Promise<UnfinishedRecording[]> {
	const keys = (await keyRange(db, partialPrefix).primaryKeys()) as string[];
	const found: UnfinishedRecording[] = [];
	for (const [attachmentId, seqs] of groupPartialKeys(keys)) {
		// Only the newest chunk is read: it carries the metadata and how far the recording got.
		const last = (await chunkTable(db).get(partialKey(attachmentId, seqs[seqs.length - 1]))) as RecordingChunk | undefined;
		if (!last?.recording) continue;
		if (filter.sessionId && last.recording.sessionId !== filter.sessionId) continue;
		const { attachmentId: id, projectId, sessionId, mime, elapsedMs } = last.recording;
		found.push({ attachmentId: id, projectId, sessionId, mime, elapsedMs, chunks: seqs.length });
	}
	return found;
}
