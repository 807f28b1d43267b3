import type { Attachment } from '$lib/domain/attachment';
import { unfinishedRecordings } from './chunkStore';
import { finishRecording, type MediaData } from './mediaStore';
import { defaultLocks, ifLockFree, recordingLockName, type Locks } from './recordingLock';

export interface RecoveryResult {
	/** Recordings that were cut off (the app closed, the tablet died) and are attachments now. */
	recovered: Attachment[];
	/** Recordings finished on a full disk whose bytes have now moved under their hash. */
	consolidated: number;
	/** Recordings that are attachments but whose bytes are still chunks (the disk is still full). */
	stillChunked: number;
	/** Recordings that are not attachments yet (saving failed again), with the last error. */
	waiting: number;
	error: unknown;
}

/**
 * Finishes recordings from the chunks they left behind – of one session, or of
 * every session when `sessionId` is null. A recording still running – here or in
 * another tab – holds its lock and is left alone. Never throws for one recording:
 * what could not be finished is counted in `waiting` and stays on the device.
 */
export async function recoverRecordings(
	data: MediaData,
	sessionId: string | null,
	options: { isRunning?: (attachmentId: string) => boolean; locks?: Locks } = {}
): Promise<RecoveryResult> {
	const locks = options.locks === undefined ? defaultLocks() : options.locks;
	const result: RecoveryResult = { recovered: [], consolidated: 0, stillChunked: 0, waiting: 0, error: null };
	for (const unfinished of await unfinishedRecordings(data.db, sessionId ? { sessionId } : {})) {
		if (options.isRunning?.(unfinished.attachmentId)) continue;
		try {
			const outcome = await ifLockFree(locks, recordingLockName(unfinished.attachmentId), async () => {
				const before = await data.repos.attachments.get(unfinished.attachmentId);
				const after = await finishRecording(data, unfinished.attachmentId);
				const stored = after ? (await data.db.blobs.where('sha256').equals(after.sha256).count()) > 0 : false;
				return { before, after, stored };
			});
			if (outcome.skipped) continue;
			const { before, after, stored } = outcome.value;
			if (!after) continue;
			if (!before) result.recovered.push(after);
			if (!stored) result.stillChunked++;
			else if (before) result.consolidated++;
		} catch (error) {
			result.waiting++;
			result.error = error;
		}
	}
	return result;
}
