/**
 * "Play the recording from here": anything that knows a moment in a recording (a
 * time badge in the notes, an entry captured while recording) dispatches this on
 * `window`; the session's media panel seeks its player there and plays.
 */
export const playAtEvent = 'feltinnsikt:play-at';

export interface PlayAtDetail {
	attachmentId: string;
	offsetMs: number;
}

export function requestPlayAt(attachmentId: string, offsetMs: number, target: EventTarget = window): void {
	target.dispatchEvent(new CustomEvent<PlayAtDetail>(playAtEvent, { detail: { attachmentId, offsetMs } }));
}

/** The detail of a play-at event, or null when it is not one we can act on. */
export function readPlayAt(event: Event): PlayAtDetail | null {
	const detail = (event as CustomEvent<unknown>).detail as Partial<PlayAtDetail> | null | undefined;
	if (!detail || typeof detail.attachmentId !== 'string' || !detail.attachmentId) return null;
	const offsetMs = Number(detail.offsetMs);
	if (!Number.isFinite(offsetMs)) return null;
	return { attachmentId: detail.attachmentId, offsetMs: Math.max(0, offsetMs) };
}

/** Seeks once the player knows its media (setting currentTime earlier is lost), then plays. */
export async function seekAndPlay(audio: HTMLMediaElement, seconds: number): Promise<void> {
	if (audio.readyState < HTMLMediaElement.HAVE_METADATA) {
		await new Promise<void>((resolve) => {
			audio.addEventListener('loadedmetadata', () => resolve(), { once: true });
			if (audio.preload === 'none') audio.load();
		});
	}
	audio.currentTime = seconds;
	try {
		await audio.play();
	} catch {
		// Autoplay policy or a missing blob: the player is at the right place for a tap.
	}
}
