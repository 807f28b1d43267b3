/**
 * Containers for speech, best first: Opus in WebM (Chromium, Firefox), AAC in MP4
 * (Safari on iPad), Opus in Ogg. Order matters: the first one the browser can record wins.
 */
export const audioMimeCandidates = [
	'audio/webm;codecs=opus',
	'audio/webm',
	'audio/mp4;codecs=mp4a.40.2',
	'audio/mp4',
	'audio/ogg;codecs=opus',
	'audio/ogg'
] as const;

/**
 * The first candidate the recorder supports, or '' to let the browser choose (the
 * recorder then reports what it picked in `mimeType`).
 */
export function pickAudioMime(isTypeSupported: ((mime: string) => boolean) | undefined): string {
	if (!isTypeSupported) return '';
	for (const mime of audioMimeCandidates) {
		try {
			if (isTypeSupported(mime)) return mime;
		} catch {
			// Some engines throw on a type they do not know instead of answering false.
		}
	}
	return '';
}

/** The mime type to store: what the recorder or the data says, else what was asked for, else a safe default. */
export function recordedMime(...candidates: (string | undefined | null)[]): string {
	return candidates.find((c): c is string => !!c && c.trim().length > 0)?.trim() ?? 'audio/webm';
}
