import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, PASSWORD_PARAMS, verifyPassword } from './password';

describe('password hashing', () => {
	it('verifies the right password and refuses a wrong one', async () => {
		const stored = await hashPassword('korrekt hest batteri');
		expect(stored).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
		expect(await verifyPassword('korrekt hest batteri', stored)).toBe(true);
		expect(await verifyPassword('korrekt hest batteri ', stored)).toBe(false);
		expect(await verifyPassword('', stored)).toBe(false);
	});

	it('salts every hash', async () => {
		const [a, b] = await Promise.all([hashPassword('samme'), hashPassword('samme')]);
		expect(a).not.toBe(b);
		expect(await verifyPassword('samme', a)).toBe(true);
		expect(await verifyPassword('samme', b)).toBe(true);
	});

	it('treats composed and decomposed letters alike (æøå typed on different keyboards)', async () => {
		const stored = await hashPassword('blåbær');
		expect(await verifyPassword('bla\u030abær', stored)).toBe(true);
	});

	it('keeps its parameters in the hash, so old hashes still verify and can be upgraded', async () => {
		const weaker = await hashPassword('gammelt', { log2N: 12, r: 8, p: 1 });
		expect(await verifyPassword('gammelt', weaker)).toBe(true);
		expect(needsRehash(weaker)).toBe(true);
		expect(needsRehash(await hashPassword('nytt'))).toBe(false);
	});

	it('refuses malformed or tampered hashes instead of throwing or burning CPU', async () => {
		const stored = await hashPassword('x');
		for (const bad of ['', 'plain', stored.replace('$15$', '$30$'), stored.replace('$8$', '$0$'), `${stored}$extra`]) {
			expect(await verifyPassword('x', bad)).toBe(false);
		}
	});

	it('takes tens of milliseconds per hash (figure)', async () => {
		const times: number[] = [];
		for (let i = 0; i < 5; i++) {
			const started = performance.now();
			await hashPassword(`passord ${i}`);
			times.push(performance.now() - started);
		}
		times.sort((a, b) => a - b);
		console.log(JSON.stringify({ scryptLog2N: PASSWORD_PARAMS.log2N, scryptMedianMs: Math.round(times[2]) }));
		expect(times[2]).toBeGreaterThan(5);
	});
});
