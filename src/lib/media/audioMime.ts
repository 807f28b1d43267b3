import { sniffFamily, type SniffedFamily } from '$lib/domain/sniffFamily';

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

/** The audio container each sniffed family is recorded in, as a mime type without codecs. */
const containerOf: Partial<Record<SniffedFamily, string>> = {
	matroska: 'audio/webm',
	mp4: 'audio/mp4',
	ogg: 'audio/ogg',
	mpegAudio: 'audio/mpeg',
	wav: 'audio/wav'
};

/**
 * The type to store a recording under, from its first bytes: what the recorder said
 * when the bytes bear it out (codecs kept), else the container the bytes are in. Safari
 * records AAC in MP4 and may leave `mimeType` empty until it starts; without this, such a
 * recording would be stored as the default WebM and be given a `.webm` name on export.
 */
export function audioMimeOfBytes(head: Uint8Array, claimed: string): string {
	const family = sniffFamily(head);
	const container = family ? containerOf[family] : undefined;
	if (!container) return claimed;
	return claimed.split(';')[0].trim().toLowerCase() === container ? claimed : container;
}

