import type { FieldworkDb } from '$lib/data/db';

export interface BlobStatus {
	received: number;
	complete: boolean;
}

/** How attachment bytes travel; HTTP in the app, in-process in tests. */
export interface BlobTransport {
	begin(projectId: string, blob: { sha256: string; size: number; mime: string }): Promise<BlobStatus>;
	append(projectId: string, sha256: string, offset: number, bytes: Uint8Array): Promise<BlobStatus>;
	download(projectId: string, sha256: string): Promise<{ bytes: Uint8Array; mime: string } | null>;
}

const CHUNK = 1024 * 1024;

/**
 * Uploads every attachment blob of a project the server does not have yet,
 * resuming each from where the server says it stands. A blob is marked
 * uploaded only when the server has checked the whole of it against its hash.
 */
export async function uploadPendingBlobs(db: FieldworkDb, projectId: string, transport: BlobTransport): Promise<number> {
	const attachments = (await db.attachments.where('projectId').equals(projectId).toArray()).filter((a) => !a.deleted);
	let uploaded = 0;
	for (const attachment of attachments) {
		const stored = await db.blobs.get(attachment.sha256);
		if (!stored || stored.uploaded) continue;
		let status = await transport.begin(projectId, { sha256: stored.sha256, size: stored.size, mime: stored.mime });
		while (!status.complete) {
			const slice = new Uint8Array(await stored.blob.slice(status.received, status.received + CHUNK).arrayBuffer());
			const next = await transport.append(projectId, stored.sha256, status.received, slice);
			if (next.received <= status.received && !next.complete) throw new Error(`Upload of ${stored.sha256} made no progress`);
			status = next;
		}
		await db.blobs.update(stored.sha256, { uploaded: 1 });
		uploaded++;
	}
	return uploaded;
}

/** Fetches an attachment's bytes that this device has never had (recorded on another tablet), and keeps them. */
export async function downloadBlob(db: FieldworkDb, projectId: string, sha256: string, transport: BlobTransport): Promise<Blob | null> {
	const local = await db.blobs.get(sha256);
	if (local) return local.blob;
	const remote = await transport.download(projectId, sha256);
	if (!remote) return null;
	const blob = new Blob([remote.bytes as BlobPart], { type: remote.mime });
	await db.blobs.put({ sha256, blob, size: blob.size, mime: remote.mime, uploaded: 1 });
	return blob;
}
