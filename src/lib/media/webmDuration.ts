/**
 * Recorders write WebM as a live stream: the header has no Duration, so a player
 * shows no length and no scrub bar for a finished interview. This writes the
 * duration into the Segment's Info element. Only the first chunk of a recording
 * holds the header, so only those bytes are read and rewritten; the rest of the
 * recording is appended unchanged.
 *
 * EBML in brief: every element is an ID (1–4 bytes, marker bit kept), a size as a
 * variable-length integer (1–8 bytes, marker bit removed; all ones = unknown), and
 * the data.
 */
const EBML = 0x1a45dfa3;
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;
const CLUSTER = 0x1f43b675;

interface Vint {
	value: number;
	length: number;
	unknown: boolean;
}

function vintLength(first: number): number {
	for (let length = 1; length <= 8; length++) if (first & (0x80 >> (length - 1))) return length;
	return 0;
}

function readId(bytes: Uint8Array, pos: number): { id: number; length: number } | null {
	if (pos >= bytes.length) return null;
	const length = vintLength(bytes[pos]);
	if (length === 0 || length > 4 || pos + length > bytes.length) return null;
	let id = 0;
	for (let i = 0; i < length; i++) id = id * 256 + bytes[pos + i];
	return { id, length };
}

function readSize(bytes: Uint8Array, pos: number): Vint | null {
	if (pos >= bytes.length) return null;
	const length = vintLength(bytes[pos]);
	if (length === 0 || pos + length > bytes.length) return null;
	let value = bytes[pos] & (0xff >> length);
	let allOnes = value === 0xff >> length;
	for (let i = 1; i < length; i++) {
		value = value * 256 + bytes[pos + i];
		if (bytes[pos + i] !== 0xff) allOnes = false;
	}
	return { value, length, unknown: allOnes };
}

/** A size in exactly `length` bytes, or null if it does not fit (all-ones is reserved for unknown). */
function encodeSize(value: number, length: number): Uint8Array | null {
	if (value >= 2 ** (7 * length) - 1) return null;
	const out = new Uint8Array(length);
	let rest = value;
	for (let i = length - 1; i >= 0; i--) {
		out[i] = rest % 256;
		rest = Math.floor(rest / 256);
	}
	out[0] |= 0x80 >> (length - 1);
	return out;
}

interface Element {
	id: number;
	start: number;
	sizePos: number;
	size: Vint;
	dataStart: number;
	end: number;
}

function readElement(bytes: Uint8Array, pos: number): Element | null {
	const id = readId(bytes, pos);
	if (!id) return null;
	const size = readSize(bytes, pos + id.length);
	if (!size) return null;
	const dataStart = pos + id.length + size.length;
	return { id: id.id, start: pos, sizePos: pos + id.length, size, dataStart, end: size.unknown ? Infinity : dataStart + size.value };
}

function readUint(bytes: Uint8Array, start: number, end: number): number {
	let value = 0;
	for (let i = start; i < end; i++) value = value * 256 + bytes[i];
	return value;
}

/**
 * The header bytes with the duration set, or null when they are not a WebM header
 * this understands (then the recording is kept as it is).
 */
export function withWebmDuration(head: Uint8Array, durationMs: number): Uint8Array | null {
	if (!(durationMs >= 0)) return null;
	const ebml = readElement(head, 0);
	if (!ebml || ebml.id !== EBML || ebml.size.unknown || ebml.end > head.length) return null;
	const segment = readElement(head, ebml.end);
	if (!segment || segment.id !== SEGMENT) return null;

	let info: Element | null = null;
	for (let pos = segment.dataStart; pos < Math.min(segment.end, head.length); ) {
		const child = readElement(head, pos);
		if (!child || child.id === CLUSTER || child.size.unknown) return null;
		if (child.id === INFO) {
			info = child;
			break;
		}
		pos = child.end;
	}
	if (!info || info.end > head.length) return null;

	let timecodeScale = 1_000_000;
	let duration: Element | null = null;
	for (let pos = info.dataStart; pos < info.end; ) {
		const child = readElement(head, pos);
		if (!child || child.size.unknown || child.end > info.end) return null;
		if (child.id === TIMECODE_SCALE) timecodeScale = readUint(head, child.dataStart, child.end) || timecodeScale;
		if (child.id === DURATION) duration = child;
		pos = child.end;
	}
	const value = (durationMs * 1_000_000) / timecodeScale;

	if (duration) {
		const out = head.slice();
		const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
		if (duration.size.value === 8) view.setFloat64(duration.dataStart, value);
		else if (duration.size.value === 4) view.setFloat32(duration.dataStart, value);
		else return null;
		return out;
	}

	// Insert Duration (ID 0x4489, size 8, float64) at the end of Info, growing Info and a known-size Segment.
	const element = new Uint8Array(11);
	element.set([0x44, 0x89, 0x88]);
	new DataView(element.buffer).setFloat64(3, value);
	const infoSize = encodeSize(info.size.value + element.length, info.size.length);
	if (!infoSize) return null;
	let segmentSize: Uint8Array | null = null;
	if (!segment.size.unknown) {
		segmentSize = encodeSize(segment.size.value + element.length, segment.size.length);
		if (!segmentSize) return null;
	}
	const out = new Uint8Array(head.length + element.length);
	out.set(head.subarray(0, info.end), 0);
	out.set(element, info.end);
	out.set(head.subarray(info.end), info.end + element.length);
	out.set(infoSize, info.sizePos);
	if (segmentSize) out.set(segmentSize, segment.sizePos);
	return out;
}

/** Reads the duration (ms) a WebM header declares, or null. For tests and checks. */
export function readWebmDuration(head: Uint8Array): number | null {
	const ebml = readElement(head, 0);
	if (!ebml || ebml.id !== EBML) return null;
	const segment = readElement(head, ebml.end);
	if (!segment || segment.id !== SEGMENT) return null;
	for (let pos = segment.dataStart; pos < Math.min(segment.end, head.length); ) {
		const child = readElement(head, pos);
		if (!child || child.size.unknown) return null;
		if (child.id === INFO) {
			let scale = 1_000_000;
			let raw: number | null = null;
			for (let p = child.dataStart; p < child.end; ) {
				const c = readElement(head, p);
				if (!c || c.end > head.length) return null;
				if (c.id === TIMECODE_SCALE) scale = readUint(head, c.dataStart, c.end);
				if (c.id === DURATION) {
					const view = new DataView(head.buffer, head.byteOffset + c.dataStart, c.size.value);
					raw = c.size.value === 8 ? view.getFloat64(0) : view.getFloat32(0);
				}
				p = c.end;
			}
			return raw === null ? null : (raw * scale) / 1_000_000;
		}
		pos = child.end;
	}
	return null;
}
