import { describe, expect, it } from 'vitest';
import { newId } from '$lib/domain/ids';
import {
	addServerWrap,
	removeServerWrap,
	unwrapWithServerSecret,
	backoffMs,
	changePin,
	createKeyRing,
	maxAttempts,
	normalizeRecoveryCode,
	pbkdf2Iterations,
	renewRecoveryCode,
	unlockKeyRing,
	unwrapDataKey,
	wrapDataKey
} from './keyRing';
import { keyRingStore, openKeyDb, readLockPreferences, writeLockPreferences } from './keyStore';

// Back-off tests make many attempts: a cheap KDF there, the real one where the cost is the point.
const fast = 1000;
const freshStore = () => keyRingStore(openKeyDb(`keys-${newId()}`));

describe('key wrapping', () => {
	it('wraps with PBKDF2-SHA-256 at 600 000 iterations and gives the same key back for the right PIN only', async () => {
		const store = freshStore();
		const { dataKey } = await createKeyRing(store, '482915');
		const record = await store.read();
		expect(record?.pin.iterations).toBeGreaterThanOrEqual(600_000);
		expect(pbkdf2Iterations).toBeGreaterThanOrEqual(600_000);
		expect(dataKey).toHaveLength(32);
		// The key is stored only wrapped: its bytes appear nowhere in the record.
		expect(JSON.stringify(record)).not.toContain(JSON.stringify([...dataKey]).slice(1, -1));
		expect(await unwrapDataKey(record!.pin, '482915')).toEqual(dataKey);
		expect(await unwrapDataKey(record!.pin, '482916')).toBeNull();
	});

	it('salts every wrap, so the same PIN gives different wrapped keys', async () => {
		const key = new Uint8Array(32).fill(7);
		const a = await wrapDataKey(key, 'same pin', fast);
		const b = await wrapDataKey(key, 'same pin', fast);
		expect(a.wrapped).not.toEqual(b.wrapped);
		expect(await unwrapDataKey(b, 'same pin')).toEqual(key);
	});
});

describe('unlocking', () => {
	it('unlocks with the PIN, and with the recovery code however it is typed', async () => {
		const store = freshStore();
		const { dataKey, recoveryCode } = await createKeyRing(store, 'korrekt hest', 0, fast);
		expect(recoveryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
		expect(await unlockKeyRing(store, 'korrekt hest', { now: 1 })).toEqual({ status: 'unlocked', dataKey });
		const typed = recoveryCode.toLowerCase().replaceAll('-', ' ');
		expect(await unlockKeyRing(store, typed, { with: 'recovery', now: 2 })).toEqual({ status: 'unlocked', dataKey });
		// The recovery code is not a PIN.
		expect((await unlockKeyRing(store, recoveryCode, { now: 3 })).status).toBe('wrong');
	});

	it('keeps the data key when the PIN changes, and a renewed recovery code replaces the old one', async () => {
		const store = freshStore();
		const { dataKey, recoveryCode } = await createKeyRing(store, '111111', 0, fast);
		await changePin(store, dataKey, '222222', fast);
		expect((await unlockKeyRing(store, '111111', { now: 1 })).status).toBe('wrong');
		expect(await unlockKeyRing(store, '222222', { now: 2 })).toEqual({ status: 'unlocked', dataKey });
		const renewed = await renewRecoveryCode(store, dataKey, fast);
		expect((await unlockKeyRing(store, recoveryCode, { with: 'recovery', now: 3 })).status).toBe('wrong');
		expect(await unlockKeyRing(store, renewed, { with: 'recovery', now: 4 })).toEqual({ status: 'unlocked', dataKey });
	});

	it('reads O for 0 and I or L for 1 in a typed recovery code', () => {
		expect(normalizeRecoveryCode('abcdo-ilxyz')).toBe('ABCD0-11XYZ');
	});
});

describe('wrong PINs', () => {
	it('backs off exponentially after three free attempts, refusing to try before the wait is over', async () => {
		expect([1, 2, 3, 4, 5, 6].map(backoffMs)).toEqual([0, 0, 2000, 4000, 8000, 16000]);
		const store = freshStore();
		await createKeyRing(store, '123456', 0, fast);
		let now = 1000;
		expect(await unlockKeyRing(store, '000000', { now })).toEqual({ status: 'wrong', attemptsLeft: 9, retryAt: now });
		expect(await unlockKeyRing(store, '000000', { now })).toEqual({ status: 'wrong', attemptsLeft: 8, retryAt: now });
		expect(await unlockKeyRing(store, '000000', { now })).toEqual({ status: 'wrong', attemptsLeft: 7, retryAt: now + 2000 });
		// Even the right PIN is not tried during the wait, and the wait does not count as an attempt.
		expect(await unlockKeyRing(store, '123456', { now: now + 1999 })).toEqual({ status: 'wait', retryAt: now + 2000, attemptsLeft: 7 });
		now += 2000;
		expect((await unlockKeyRing(store, '123456', { now })).status).toBe('unlocked');
		// A success starts the count again.
		expect(await unlockKeyRing(store, '000000', { now })).toEqual({ status: 'wrong', attemptsLeft: 9, retryAt: now });
	});

	it('discards the wrapped keys after ten wrong attempts in a row: then not even the right PIN opens', async () => {
		const store = freshStore();
		const { recoveryCode } = await createKeyRing(store, '123456', 0, fast);
		let now = 0;
		const seen: string[] = [];
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			const result = await unlockKeyRing(store, `wrong-${attempt}`, { now });
			seen.push(result.status === 'wrong' ? `wrong:${result.attemptsLeft}` : result.status);
			if (result.status === 'wrong') now = result.retryAt;
		}
		expect(seen).toEqual(['wrong:9', 'wrong:8', 'wrong:7', 'wrong:6', 'wrong:5', 'wrong:4', 'wrong:3', 'wrong:2', 'wrong:1', 'discarded']);
		expect(await store.read()).toBeUndefined();
		expect(await unlockKeyRing(store, '123456', { now })).toEqual({ status: 'noKeyRing' });
		expect(await unlockKeyRing(store, recoveryCode, { with: 'recovery', now })).toEqual({ status: 'noKeyRing' });
	});

	it('counts an attempt before trying it, so a reload in the middle of a guess does not reset the count', async () => {
		const db = openKeyDb(`keys-${newId()}`);
		const store = keyRingStore(db);
		await createKeyRing(store, '123456', 0, fast);
		const pending = unlockKeyRing(store, '999999', { now: 0 });
		// A second page reading the store while the first guess is being derived sees it counted.
		await new Promise((resolve) => setTimeout(resolve, 0));
		const during = await keyRingStore(openKeyDb(db.name)).read();
		expect(during?.failedAttempts).toBe(1);
		expect((await pending).status).toBe('wrong');
	});
});

describe('lock preferences', () => {
	it('locks after 5 minutes unless the device says otherwise', async () => {
		const db = openKeyDb(`keys-${newId()}`);
		expect((await readLockPreferences(db)).idleMinutes).toBe(5);
		await writeLockPreferences(db, { idleMinutes: 2 });
		expect((await readLockPreferences(db)).idleMinutes).toBe(2);
	});
});

describe('recovery through the server', () => {
	it('opens the data key with the server’s secret only, clears the wrong-PIN count, and forgets the copy when turned off', async () => {
		const store = freshStore();
		const { dataKey } = await createKeyRing(store, '482915', 0, fast);
		const secret = crypto.getRandomValues(new Uint8Array(32));
		await addServerWrap(store, dataKey, { ringId: newId(), email: 'anna@example.org', secret });
		const record = await store.read();
		expect(record?.server?.email).toBe('anna@example.org');
		// Neither the data key nor the secret is stored as such.
		const stored = JSON.stringify(record, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v));
		for (const bytes of [dataKey, secret]) expect(stored).not.toContain(JSON.stringify([...bytes]).slice(1, -1));

		await unlockKeyRing(store, 'wrong pin', { now: 1 });
		expect((await store.read())?.failedAttempts).toBe(1);
		expect(await unwrapWithServerSecret(store, crypto.getRandomValues(new Uint8Array(32)))).toBeNull();
		expect(await unwrapWithServerSecret(store, secret)).toEqual(dataKey);
		expect((await store.read())?.failedAttempts).toBe(0);

		await removeServerWrap(store);
		expect((await store.read())?.server).toBeUndefined();
		expect(await unwrapWithServerSecret(store, secret)).toBeNull();
		// The PIN still opens it.
		expect(await unlockKeyRing(store, '482915', { now: 2 })).toEqual({ status: 'unlocked', dataKey });
	});
});
