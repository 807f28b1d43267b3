import { describe, expect, it } from 'vitest';
import { readWebmDuration, withWebmDuration } from './webmDuration';

/** An EBML element with a 1-byte size (data under 127 bytes). */
function el(id: number[], ...data: (number[] | Uint8Array)[]): number[] {
	const body = data.flatMap((d) => [...d]);
	return [...id, 0x80 | body.length, ...body];
}
const ascii = (s: string) => [...new TextEncoder().encode(s)];
const float64 = (v: number) => {
	const b = new Uint8Array(8);
	new DataView(b.buffer).setFloat64(0, v);
	return b;
};
const float32 = (v: number) => {
	const b = new Uint8Array(4);
	new DataView(b.buffer).setFloat32(0, v);
	return b;
};

const ebmlHeader = el([0x1a, 0x45, 0xdf, 0xa3], el([0x42, 0x82], ascii('webm')), el([0x42, 0x87], [4]));
const timecodeScale = (scale: number) => el([0x2a, 0xd7, 0xb1], [(scale >> 16) & 0xff, (scale >> 8) & 0xff, scale & 0xff]);
const muxingApp = el([0x4d, 0x80], ascii('Chrome'));
const tracks = el([0x16, 0x54, 0xae, 0x6b], el([0xae], el([0xd7], [1]), el([0x86], ascii('A_OPUS'))));
const clusterStart = [0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xe7, 0x81, 0x00, 0xa3, 0x84, 1, 2, 3, 4];
const unknownSize = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

/** What Chrome's MediaRecorder writes first: a live Segment of unknown size, Info without Duration. */
function chromeLikeHead(info: number[] = el([0x15, 0x49, 0xa9, 0x66], timecodeScale(1_000_000), muxingApp)): Uint8Array {
	return new Uint8Array([...ebmlHeader, 0x18, 0x53, 0x80, 0x67, ...unknownSize, ...info, ...tracks, ...clusterStart]);
}

describe('withWebmDuration', () => {
	it('writes the duration into Info and leaves everything after it byte for byte', () => {
		const head = chromeLikeHead();
		expect(readWebmDuration(head)).toBeNull();
		const fixed = withWebmDuration(head, 3068)!;
		expect(fixed.length).toBe(head.length + 11);
		expect(readWebmDuration(fixed)).toBe(3068);
		expect([...fixed.subarray(fixed.length - tracks.length - clusterStart.length)]).toEqual([...tracks, ...clusterStart]);
	});

	it('grows a Segment of known size by the element it adds', () => {
		const info = el([0x15, 0x49, 0xa9, 0x66], timecodeScale(1_000_000), muxingApp);
		const body = [...info, ...tracks];
		const head = new Uint8Array([...ebmlHeader, 0x18, 0x53, 0x80, 0x67, 0x40, body.length, ...body]);
		const fixed = withWebmDuration(head, 1500)!;
		const segmentSizeAt = ebmlHeader.length + 4;
		expect([fixed[segmentSizeAt], fixed[segmentSizeAt + 1]]).toEqual([0x40, body.length + 11]);
		expect(readWebmDuration(fixed)).toBe(1500);
	});

	it('overwrites a Duration that is already there (float64 or float32)', () => {
		for (const duration of [el([0x44, 0x89], float64(1)), el([0x44, 0x89], float32(1))]) {
			const head = chromeLikeHead(el([0x15, 0x49, 0xa9, 0x66], timecodeScale(1_000_000), duration, muxingApp));
			const fixed = withWebmDuration(head, 2500)!;
			expect(fixed.length).toBe(head.length);
			expect(readWebmDuration(fixed)).toBe(2500);
		}
	});

	it('counts in the header’s own timecode scale', () => {
		const head = chromeLikeHead(el([0x15, 0x49, 0xa9, 0x66], timecodeScale(1_000), muxingApp));
		const fixed = withWebmDuration(head, 2000)!;
		// 2000 ms in units of 1 µs.
		const view = new DataView(fixed.buffer);
		const at = fixed.indexOf(0x89, ebmlHeader.length) + 2;
		expect(view.getFloat64(at)).toBe(2_000_000);
		expect(readWebmDuration(fixed)).toBe(2000);
	});

	it('leaves bytes it does not understand alone', () => {
		expect(withWebmDuration(new TextEncoder().encode('not a webm file'), 1000)).toBeNull();
		expect(withWebmDuration(new Uint8Array(), 1000)).toBeNull();
		const head = chromeLikeHead();
		expect(withWebmDuration(head.subarray(0, ebmlHeader.length + 14), 1000)).toBeNull();
		expect(withWebmDuration(head, Number.NaN)).toBeNull();
		// A cluster before any Info: nothing to fix.
		expect(withWebmDuration(new Uint8Array([...ebmlHeader, 0x18, 0x53, 0x80, 0x67, ...unknownSize, ...clusterStart]), 1000)).toBeNull();
	});
});
