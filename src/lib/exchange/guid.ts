/**
 * REFI-QDA identifies everything by GUID, and a team that exports twice must
 * get the same GUIDs, or the QDA tool sees a second copy of every code and
 * source. Row ids that are already UUIDs (UUIDv7) are used as they are; every
 * other object – derived rows (`note:…`, `tg:…`), the GIGA-map root, a user,
 * the selection of an entry – gets a UUIDv8 (RFC 9562, "custom") made from a
 * 128-bit hash of what it stands for. The hash is synchronous so the same pure
 * exporter runs in the browser and on the server; it needs to spread well, not
 * to resist an attacker.
 */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return uuidPattern.test(value);
}

/** cyrb128 (public domain): four 32-bit lanes of a multiply-xorshift hash. */
function hash128(text: string): [number, number, number, number] {
	let h1 = 1779033703,
		h2 = 3144134277,
		h3 = 1013904242,
		h4 = 2773480762;
	for (let i = 0; i < text.length; i++) {
		const k = text.charCodeAt(i);
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	h1 ^= h2 ^ h3 ^ h4;
	h2 ^= h1;
	h3 ^= h1;
	h4 ^= h1;
	return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** A UUIDv8 that is always the same for the same `kind` and `id`. */
export function derivedGuid(kind: string, id: string): string {
	const [a, b, c, d] = hash128(`feltinnsikt:${kind}:${id}`);
	const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
	const version = `8${h.slice(13, 16)}`;
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16) + h.slice(17, 20);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${version}-${variant}-${h.slice(20, 32)}`;
}

/** The GUID of a row: its own id when that is a UUID, otherwise derived from it. */
export function rowGuid(kind: string, id: string): string {
	return isUuid(id) ? id.toLowerCase() : derivedGuid(kind, id);
}
