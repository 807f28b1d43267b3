import type { FieldworkDb } from '$lib/data/db';
import { isUploadedTo, type StoredBlob } from '$lib/domain/attachment';
import { attachmentType, MAX_ATTACHMENT_BYTES, type BlobRefusalCode } from '$lib/domain/attachmentTypes';
import { sha256Hex } from '$lib/media/sha256';
import { SyncError } from './syncError';
import { openStoredBlob, sealBlob } from '$lib/crypto/blobSeal';

export interface BlobStatus {
	received: number;
	complete: boolean;
}

/** How attachment bytes travel; HTTP in the app, in-process in tests. */
export interface BlobTransport {
	begin(projectId: string, blob: { sha256: string; size: number; mime: string }): Promise<BlobStatus>;
	/** `chunkSha256`: the sha256 of `bytes`, which the server checks before storing them. */
	append(projectId: string, sha256: string, offset: number, bytes: Uint8Array, chunkSha256: string): Promise<BlobStatus>;
	download(projectId: string, sha256: string): Promise<{ bytes: Uint8Array; mime: string } | null>;
}

/**
 * The server refused an upload with a stable code (a 4xx answer); transports throw it.
 * A sync error of kind `rejected`, so one that is not kept as a refusal (a chunk damaged
 * on the way, say) reaches the sync status with its code.
 */
export class BlobRefusedError extends SyncError {
	declare readonly code: string;
	constructor(code: string, status: number, message: string) {
		super('rejected', status, message, code);
		this.name = 'BlobRefusedError';
	}
}

/** A refusal kept on the device, for the screens to say in words. */
export interface RefusedUpload {
	sha256: string;
	code: BlobRefusalCode;
	at: string;
}

export interface BlobUploadResult {
	uploaded: number;
	/** Every refusal that stands for the project, earlier ones included. */
	refused: RefusedUpload[];
}

const CHUNK = 1024 * 1024;
/** A full project may have space again later (deleted attachments, a raised quota); the other refusals are final. */
const QUOTA_RETRY_MS = 24 * 60 * 60 * 1000;

/** Server codes that say sending the same bytes again would be refused again. */
const lastingCodes: Record<string, BlobRefusalCode> = {
	unsupported_type: 'unsupported_type',
	type_mismatch: 'type_mismatch',
	too_large: 'too_large',
	quota_exceeded: 'quota_exceeded',
	size_mismatch: 'invalid',
	invalid_input: 'invalid'
};

/** Failures after which trying the next attachment now is pointless. */
const stopsAll = (e: unknown) => e instanceof SyncError && (e.kind === 'offline' || e.kind === 'signedOut' || e.kind === 'forbidden');

export { isUploadedTo };

function standingRefusal(stored: StoredBlob, projectId: string, now: number): RefusedUpload | null {
	const refusal = stored.refused?.[projectId];
	if (!refusal) return null;
	if (refusal.code === 'quota_exceeded' && now - Date.parse(refusal.at) > QUOTA_RETRY_MS) return null;
	return { sha256: stored.sha256, ...refusal };
}

/** Sends the bytes from where the server stands, each chunk with its sha256; resolves once the server has verified the whole. */
async function sendBytes(projectId: string, stored: StoredBlob, transport: BlobTransport): Promise<void> {
	const size = stored.blob.size;
	let status = await transport.begin(projectId, { sha256: stored.sha256, size, mime: stored.mime });
	while (!status.complete) {
		const slice = new Uint8Array(await stored.blob.slice(status.received, status.received + CHUNK).arrayBuffer());
		const next = await transport.append(projectId, stored.sha256, status.received, slice, await sha256Hex(slice));
		if (next.received <= status.received && !next.complete) throw new Error(`Upload of ${stored.sha256} made no progress`);
		status = next;
	}
}

/** Uploads one blob; a whole that does not hash right is sent once more (the server started it again from 0) before it counts as corrupt. */
async function uploadOne(projectId: string, stored: StoredBlob, transport: BlobTransport): Promise<void> {
	try {
		await sendBytes(projectId, stored, transport);
	} catch (e) {
		if (!(e instanceof BlobRefusedError && e.code === 'hash_mismatch')) throw e;
		try {
			await sendBytes(projectId, stored, transport);
		} catch (again) {
			// Every chunk matched its own hash, twice: the bytes on this device are not the attachment's.
			if (again instanceof BlobRefusedError && again.code === 'hash_mismatch') throw new BlobRefusedError('corrupt', again.status, again.message);
			throw again;
		}
	}
}

/**
 * Uploads every attachment blob of a project the project's server does not have yet,
 * resuming each from where the server says it stands. A blob is marked uploaded only
 * when the server has checked the whole of it against its hash.
 *
 * A refusal that retrying cannot change (type, size, quota, corrupt bytes) is kept on
 * the blob and returned, not thrown: the other attachments go on. Any other failure is
 * thrown after the remaining attachments were tried (at once, when the device is
 * offline or signed out), so the caller backs off and tries again.
 */
export async function uploadPendingBlobs(db: FieldworkDb, projectId: string, transport: BlobTransport, now: () => number = Date.now): Promise<BlobUploadResult> {
	const attachments = (await db.attachments.where('projectId').equals(projectId).toArray()).filter((a) => !a.deleted);
	const result: BlobUploadResult = { uploaded: 0, refused: [] };
	let failure: unknown = null;
	for (const sha256 of new Set(attachments.map((a) => a.sha256))) {
		const stored = await db.blobs.get(sha256);
		if (!stored || isUploadedTo(stored, projectId)) continue;
		const standing = standingRefusal(stored, projectId, now());
		if (standing) {
			result.refused.push(standing);
			continue;
		}
		try {
			// What no server accepts is refused here, without sending anything.
			if (!attachmentType(stored.mime)) throw new BlobRefusedError('unsupported_type', 0, `Not an attachment type: ${stored.mime}`);
			// The server gets the bytes as recorded: a blob sealed at rest is opened first.
			const plain: StoredBlob = { ...stored, blob: await openStoredBlob(stored) };
			if (plain.blob.size > MAX_ATTACHMENT_BYTES) throw new BlobRefusedError('too_large', 0, 'Larger than any attachment a server stores');
			await uploadOne(projectId, plain, transport);
			await db.blobs.update(sha256, { uploaded: 1, uploadedTo: [...(stored.uploadedTo ?? []), projectId], refused: without(stored.refused, projectId) });
			result.uploaded++;
		} catch (e) {
			const code = e instanceof BlobRefusedError ? (e.code === 'corrupt' ? 'corrupt' : lastingCodes[e.code]) : undefined;
			if (code) {
				const refusal = { code, at: new Date(now()).toISOString() };
				await db.blobs.update(sha256, { refused: { ...stored.refused, [projectId]: refusal } });
				result.refused.push({ sha256, ...refusal });
				continue;
			}
			if (stopsAll(e)) throw e;
			failure ??= e;
		}
	}
	if (failure) throw failure;
	return result;
}

function without(refused: StoredBlob['refused'], projectId: string): StoredBlob['refused'] {
	if (!refused) return undefined;
	const { [projectId]: _gone, ...rest } = refused;
	return rest;
}

/** The uploads of a project that a server refused for good, for the screens to list. */
export async function refusedUploads(db: FieldworkDb, projectId: string, now: () => number = Date.now): Promise<RefusedUpload[]> {
	const attachments = (await db.attachments.where('projectId').equals(projectId).toArray()).filter((a) => !a.deleted);
	const blobs = await db.blobs.bulkGet([...new Set(attachments.map((a) => a.sha256))]);
	return blobs.flatMap((b) => (b && !isUploadedTo(b, projectId) ? (standingRefusal(b, projectId, now()) ?? []) : []));
}

/** Fetches an attachment's bytes that this device has never had (recorded on another tablet), and keeps them. */
export async function downloadBlob(db: FieldworkDb, projectId: string, sha256: string, transport: BlobTransport): Promise<Blob | null> {
	const local = await db.blobs.get(sha256);
	if (local) return openStoredBlob(local);
	const remote = await transport.download(projectId, sha256);
	if (!remote) return null;
	const blob = new Blob([remote.bytes as BlobPart], { type: remote.mime });
	await db.blobs.put({ sha256, ...(await sealBlob(blob)), size: blob.size, mime: remote.mime, uploaded: 1, uploadedTo: [projectId] });
	return blob;
}
