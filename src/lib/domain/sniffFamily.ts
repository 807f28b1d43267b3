// File formats by their first bytes, for the server (which refuses bytes that are not what
// their declared type says) and for the device (which stores a recording under the type its
// bytes are, whatever the recorder claimed). No server code here: both sides import it.

/** How many leading bytes `sniffFamily` needs to decide. */
export const SNIFF_BYTES = 12;

/**
 * File formats recognised by their first bytes (magic numbers). MP3 and ADTS AAC
 * share the MPEG audio frame sync, and either may start with an ID3 tag, so they
 * are one family.
 */
export type SniffedFamily = 'jpeg' | 'png' | 'webp' | 'matroska' | 'ogg' | 'mp4' | 'mpegAudio' | 'wav';

const ascii = (bytes: Uint8Array, at: number, text: string) => {
	if (bytes.length < at + text.length) return false;
	for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
	return true;
};

/** The format the bytes are in, from their first `SNIFF_BYTES`, or null when they are none of the allowed ones. */
export function sniffFamily(head: Uint8Array): SniffedFamily | null {
	const b = head;
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
	if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 'PNG') && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
	if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'webp';
	if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return 'wav';
	if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'matroska';
	if (ascii(b, 0, 'OggS')) return 'ogg';
	if (ascii(b, 4, 'ftyp')) return 'mp4';
	if (ascii(b, 0, 'ID3')) return 'mpegAudio';
	// An MPEG audio frame header: eleven sync bits (MP3 and ADTS AAC alike).
	if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0) return 'mpegAudio';
	return null;
}
