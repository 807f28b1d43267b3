import { describe, expect, it } from 'vitest';
import { bytesToHex, sha256Hex } from './sha256';

describe('sha256Hex', () => {
	it('hashes bytes and blobs alike (known vectors)', async () => {
		expect(await sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
		expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(abc);
		expect(await sha256Hex(new Blob(['a', 'bc']))).toBe(abc);
		expect(await sha256Hex(new TextEncoder().encode('abc').buffer)).toBe(abc);
	});

	it('writes lowercase, zero-padded hex', () => {
		expect(bytesToHex(new Uint8Array([0, 15, 16, 255]))).toBe('000f10ff');
	});
});
