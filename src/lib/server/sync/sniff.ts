import type { AttachmentType } from '$lib/domain/attachmentTypes';
import { SNIFF_BYTES, sniffFamily, type SniffedFamily } from '$lib/domain/sniffFamily';

export { SNIFF_BYTES, sniffFamily, type SniffedFamily };

const familyOf: Record<AttachmentType, SniffedFamily> = {
	'image/jpeg': 'jpeg',
	'image/png': 'png',
	'image/webp': 'webp',
	'audio/webm': 'matroska',
	'audio/ogg': 'ogg',
	'audio/mp4': 'mp4',
	'audio/mpeg': 'mpegAudio',
	'audio/aac': 'mpegAudio',
	'audio/wav': 'wav'
};

/** Whether bytes starting with `head` are what `declared` says. */
export function bytesMatchType(head: Uint8Array, declared: AttachmentType): boolean {
	return sniffFamily(head) === familyOf[declared];
}

/** The type a family is served as when nothing more precise is known (content stored before types were checked). */
const defaultType: Record<SniffedFamily, AttachmentType> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	matroska: 'audio/webm',
	ogg: 'audio/ogg',
	mp4: 'audio/mp4',
	mpegAudio: 'audio/mpeg',
	wav: 'audio/wav'
};

/**
 * The type to serve bytes as: the declared type when the bytes bear it out,
 * else what the bytes are, else null (serve as an opaque download).
 */
export function servedType(head: Uint8Array, declared: AttachmentType | null): AttachmentType | null {
	const family = sniffFamily(head);
	if (!family) return null;
	return declared && familyOf[declared] === family ? declared : defaultType[family];
}
