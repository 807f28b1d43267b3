/**
 * The one recording running on this device, if any. Notes, highlights and
 * entries made while it runs stamp their offset into it, so the team can play
 * the recording from the moment a note was taken.
 */
export const activeRecording = $state<{ sessionId: string | null; attachmentId: string | null; startedAt: number | null }>({
	sessionId: null,
	attachmentId: null,
	startedAt: null
});

export function startRecordingClock(sessionId: string, attachmentId: string, startedAt = performance.now()): void {
	activeRecording.sessionId = sessionId;
	activeRecording.attachmentId = attachmentId;
	activeRecording.startedAt = startedAt;
}

export function stopRecordingClock(): void {
	activeRecording.sessionId = null;
	activeRecording.attachmentId = null;
	activeRecording.startedAt = null;
}

/** Milliseconds into this session's running recording, or null when it is not recording. */
export function recordingOffsetMs(sessionId: string, now = performance.now()): { attachmentId: string; offsetMs: number } | null {
	if (activeRecording.sessionId !== sessionId || activeRecording.startedAt === null || !activeRecording.attachmentId) return null;
	return { attachmentId: activeRecording.attachmentId, offsetMs: Math.max(0, Math.round(now - activeRecording.startedAt)) };
}
