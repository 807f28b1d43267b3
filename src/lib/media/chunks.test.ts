import { describe, expect, it } from 'vitest';
import { assembleChunks, groupPartialKeys, isPartialKey, parsePartialKey, partialKey, partialPrefixOf } from './chunks';

describe('chunk keys and assembly', () => {
	it('names chunks so they sort in recording order and parses them back', () => {
		const id = '0191a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b';
		expect(partialKey(id, 7)).toBe(`partial:${id}:000007`);
		expect(partialKey(id, 2) < partialKey(id, 10)).toBe(true);
		expect(partialKey(id, 3).startsWith(partialPrefixOf(id))).toBe(true);
		expect(parsePartialKey(partialKey(id, 12))).toEqual({ attachmentId: id, seq: 12 });
		expect(parsePartialKey('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBeNull();
		expect(parsePartialKey('partial:x:abc')).toBeNull();
		expect(isPartialKey('partial:x:000001')).toBe(true);
		expect(() => partialKey(id, -1)).toThrow(RangeError);
	});

	it('groups the keys of several recordings', () => {
		const groups = groupPartialKeys([partialKey('b', 1), partialKey('a', 0), partialKey('b', 0), 'not-a-chunk', partialKey('a', 1)]);
		expect([...groups.entries()]).toEqual([
			['b', [0, 1]],
			['a', [0, 1]]
		]);
	});

	it('joins chunks in sequence order, once each, and stops at a gap', async () => {
		const c = (seq: number, text: string) => ({ seq, blob: new Blob([text]) });
		const whole = assembleChunks([c(2, 'C'), c(0, 'A'), c(1, 'B'), c(1, 'X')], 'audio/webm;codecs=opus');
		expect(whole.count).toBe(3);
		expect(whole.blob.type).toBe('audio/webm;codecs=opus');
		expect(await whole.blob.text()).toBe('ABC');
		const gap = assembleChunks([c(0, 'A'), c(1, 'B'), c(3, 'D')], 'audio/webm');
		expect([gap.count, await gap.blob.text()]).toEqual([2, 'AB']);
		expect(assembleChunks([], 'audio/webm').count).toBe(0);
	});
});
