import { describe, expect, it } from 'vitest';
import { audioMimeCandidates, pickAudioMime, recordedMime } from './audioMime';

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
