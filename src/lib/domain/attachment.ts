import { z } from 'zod';
import type { BlobRefusalCode } from './attachmentTypes';
import { rowBase } from './row';

export const attachmentKinds = ['audio', 'photo'] as const;

export const attachmentFields = z.object({
	kind: z.enum(attachmentKinds),
	sessionId: z.string().max(64).nullable().default(null),
	entryId: z.string().max(64).nullable().default(null),
	participantId: z.string().max(64).nullable().default(null),
	sha256: z.string().regex(/^[0-9a-f]{64}$/),
	size: z.number().int().min(0),
	mime: z.string().min(1).max(120),
	durationMs: z.number().int().min(0).nullable().default(null),
	width: z.number().int().min(0).nullable().default(null),
	height: z.number().int().min(0).nullable().default(null)
});
export const attachmentSchema = rowBase.extend(attachmentFields.shape);
export type Attachment = z.infer<typeof attachmentSchema>;

/** Local only: the bytes, stored once per content hash. */
export interface StoredBlob {
	sha256: string;
	blob: Blob;
	size: number;
	mime: string;
	/** 1 once the server has the whole blob. */
	uploaded: 0 | 1;
	/** 1 when `blob` holds the bytes encrypted with the device's data key (crypto/blobSeal.ts): read them with `openStoredBlob`. */
	sealed?: 1;
	/**
	 * The projects whose server holds the verified bytes: a blob is readable only in the
	 * projects that uploaded it. Absent on blobs uploaded before this was kept (then
	 * `uploaded` stands for every project).
	 */
	uploadedTo?: string[];
	/** Uploads refused for good, per project id (see `blobRefusalCodes`). */
	refused?: Record<string, { code: BlobRefusalCode; at: string }>;
}

/** Whether the server of `projectId` holds the verified bytes of `stored`. */
export function isUploadedTo(stored: Pick<StoredBlob, 'uploaded' | 'uploadedTo'>, projectId: string): boolean {
	return stored.uploadedTo ? stored.uploadedTo.includes(projectId) : stored.uploaded === 1;
}
