import { describe, expect, it } from 'vitest';
import { audioMimeCandidates, audioMimeOfBytes, pickAudioMime, recordedMime } from './audioMime';

describe('pickAudioMime', () => {
	it('prefers Opus in WebM', () => {
		expect(pickAudioMime(() => true)).toBe('audio/webm;codecs=opus');
	});

	it('falls back to MP4 where WebM cannot be recorded (Safari on iPad)', () => {
		expect(pickAudioMime((t) => t.startsWith('audio/mp4'))).toBe('audio/mp4;codecs=mp4a.40.2');
		expect(pickAudioMime((t) => t === 'audio/mp4')).toBe('audio/mp4');
	});

	it('lets the browser choose when it supports none of them, cannot say, or throws', () => {
		expect(pickAudioMime(() => false)).toBe('');
		expect(pickAudioMime(undefined)).toBe('');
		expect(
			pickAudioMime((t) => {
				if (t.includes('webm')) throw new Error('unknown');
				return t === 'audio/ogg;codecs=opus';
			})
		).toBe('audio/ogg;codecs=opus');
		expect(audioMimeCandidates[0]).toBe('audio/webm;codecs=opus');
	});

	it('stores the first non-empty type it is told', () => {
		expect(recordedMime('', undefined, 'audio/mp4')).toBe('audio/mp4');
		expect(recordedMime(null, '')).toBe('audio/webm');
	});
});

/** The first bytes of what each engine's recorder writes. */
const heads = {
	// ISO BMFF: a box size, then `ftyp` (Safari's AAC in MP4, fragmented).
	mp4: new Uint8Array([0, 0, 0, 0x1c, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]),
	// EBML magic (Chromium's Opus in WebM).
	webm: new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81]),
	ogg: new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 2, 0, 0, 0, 0, 0, 0])
};

describe('audioMimeOfBytes', () => {
	it('keeps what the recorder said, codecs and all, when the bytes bear it out', () => {
		expect(audioMimeOfBytes(heads.mp4, 'audio/mp4;codecs=mp4a.40.2')).toBe('audio/mp4;codecs=mp4a.40.2');
		expect(audioMimeOfBytes(heads.webm, 'audio/webm;codecs=opus')).toBe('audio/webm;codecs=opus');
	});

	it('stores AAC in MP4 as audio/mp4 when the recorder said nothing and the default was taken', () => {
		expect(audioMimeOfBytes(heads.mp4, recordedMime(''))).toBe('audio/mp4');
		expect(audioMimeOfBytes(heads.webm, 'audio/mp4')).toBe('audio/webm');
		expect(audioMimeOfBytes(heads.ogg, 'audio/webm;codecs=opus')).toBe('audio/ogg');
	});

	it('leaves the type alone when the bytes are no container it knows (too short, or not audio)', () => {
		expect(audioMimeOfBytes(new Uint8Array([1, 2]), 'audio/mp4')).toBe('audio/mp4');
		expect(audioMimeOfBytes(new Uint8Array([0xff, 0xd8, 0xff, 0]), 'audio/webm')).toBe('audio/webm');
	});
});
