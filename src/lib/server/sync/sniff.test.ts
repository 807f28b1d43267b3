import { describe, expect, it } from 'vitest';
import { attachmentType } from '$lib/domain/attachmentTypes';
import { bytesMatchType, servedType, sniffFamily } from './sniff';

// What an iPad uploads: AAC in MP4 (fragmented, as Safari's MediaRecorder writes it), declared
// with the codecs parameter the recorder reports.
const mp4Head = new Uint8Array([0, 0, 0, 0x1c, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x36]);
const webmHead = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81]);

describe('recordings from Safari (audio/mp4)', () => {
	it('takes the type the recorder reports, codecs and all, as audio/mp4', () => {
		expect(attachmentType('audio/mp4;codecs=mp4a.40.2')).toBe('audio/mp4');
		expect(attachmentType('audio/mp4')).toBe('audio/mp4');
	});

	it('accepts MP4 bytes declared as audio/mp4 and serves them as that', () => {
		expect(sniffFamily(mp4Head)).toBe('mp4');
		expect(bytesMatchType(mp4Head, 'audio/mp4')).toBe(true);
		expect(servedType(mp4Head, 'audio/mp4')).toBe('audio/mp4');
	});

	it('refuses the bytes of one container declared as the other, and serves them as what they are', () => {
		expect(bytesMatchType(mp4Head, 'audio/webm')).toBe(false);
		expect(bytesMatchType(webmHead, 'audio/mp4')).toBe(false);
		expect(servedType(mp4Head, 'audio/webm')).toBe('audio/mp4');
		expect(servedType(webmHead, 'audio/mp4')).toBe('audio/webm');
	});
});
