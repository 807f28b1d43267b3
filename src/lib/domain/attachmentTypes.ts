/**
 * The kinds of file an attachment may be: speech recordings in the containers
 * browsers record or play, and photos. The server refuses every other type and
 * checks the bytes against the declared one, so nothing that a browser would
 * run as a page (HTML, SVG, PDF …) is ever stored or served.
 */
export const attachmentTypes = [
	'audio/webm',
	'audio/ogg',
	'audio/mp4',
	'audio/mpeg',
	'audio/aac',
	'audio/wav',
	'image/jpeg',
	'image/png',
	'image/webp'
] as const;

export type AttachmentType = (typeof attachmentTypes)[number];

const allowed = new Set<string>(attachmentTypes);

/**
 * `type/subtype`, optionally followed by the one parameter MediaRecorder adds,
 * `codecs` (e.g. `audio/webm;codecs=opus`, `audio/mp4; codecs="mp4a.40.2"`).
 * Only printable ASCII and plain spaces: a line break or control character in a
 * mime would end up in a header or a log line.
 */
const mimePattern = /^([a-z]+\/[a-z0-9.+-]+)(?: *; *codecs=(?:"[a-z0-9.,+ -]{1,60}"|[a-z0-9.,+-]{1,60}))?$/;

export const MAX_MIME_LENGTH = 120;

/** The largest attachment a server stores (a long recording fits many times over). */
export const MAX_ATTACHMENT_BYTES = 500 * 1024 * 1024;

/**
 * Why a server refused an attachment for good: sending the same bytes again would
 * be refused again, so a device keeps the refusal instead of retrying (a quota
 * refusal is tried again after a while: space may be freed or the quota raised).
 * `corrupt`: the device's own bytes do not hash to the attachment's sha256.
 */
export const blobRefusalCodes = ['unsupported_type', 'type_mismatch', 'too_large', 'quota_exceeded', 'corrupt', 'invalid'] as const;
export type BlobRefusalCode = (typeof blobRefusalCodes)[number];

/** The allowed type a declared mime names, or null when it is not one of `attachmentTypes` (or not a well-formed mime). */
export function attachmentType(mime: string): AttachmentType | null {
	if (mime.length > MAX_MIME_LENGTH) return null;
	const match = mimePattern.exec(mime.toLowerCase());
	if (!match || !allowed.has(match[1])) return null;
	// A codecs parameter describes audio streams; on a photo it is not something a camera writes.
	if (match[0] !== match[1] && !match[1].startsWith('audio/')) return null;
	return match[1] as AttachmentType;
}
