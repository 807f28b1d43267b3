import { rejection } from '$lib/server/http/testing';
import { expect, it } from 'vitest';
import type { Sql } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import { ApiError } from '$lib/server/http/errors';
import { login, setupFirstAccount } from './accounts';
import { hashPassword } from './password';
import { insertUser } from './users';
import {
	BACKOFF_FREE_FAILURES,
	BACKOFF_MAX_DELAY_MS,
	backoffDelayMs,
	LOGIN_MAX_PER_IP,
	LOGIN_WINDOW_MS
} from './rateLimit';
import {
	createSession,
	deleteSession,
	logoutEverywhere,
	SESSION_ABSOLUTE_MS,
	SESSION_IDLE_MS,
	sessionId,
	validateSession
} from './sessions';

const owner = { email: ' Kari@Example.no ', password: 'korrekt hest', displayName: 'Kari' };
const t0 = new Date('2026-05-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const MIN = 60 * 1000;
const DAY = 24 * 60 * MIN;

/**
 * An account with a cheap hash (upgraded at its first sign-in): tests that check many
 * wrong passwords would otherwise spend seconds in scrypt on a loaded machine.
 */
async function cheapAccount(sql: Sql, account: { email: string; password: string; displayName: string }) {
	const passwordHash = await hashPassword(account.password, { log2N: 10, r: 8, p: 1 });
	return insertUser(sql, { email: account.email, displayName: account.displayName, passwordHash }, t0);
}

forEachEngine('accounts and sessions', (db) => {
	it('lets the first person set up the server, once', async () => {
		const { user, session } = await setupFirstAccount(db.sql, owner, t0);
		expect(user).toMatchObject({ email: 'kari@example.no', displayName: 'Kari' });
		expect((await validateSession(db.sql, session.token, t0))?.user.id).toBe(user.id);
		const again = await rejection(setupFirstAccount(db.sql, { ...owner, email: 'other@example.no' }, t0));
		expect([again.status, again.code]).toEqual([409, 'setup_done']);
	});

	it('makes exactly one first account when two set up at once', async () => {
		const results = await Promise.allSettled([
			setupFirstAccount(db.sql, { ...owner, email: 'a@example.no' }, t0),
			setupFirstAccount(await db.storage.connect(), { ...owner, email: 'b@example.no' }, t0),
			setupFirstAccount(await db.storage.connect(), { ...owner, email: 'c@example.no' }, t0)
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect((r.reason as ApiError).code).toBe('setup_done');
		const [{ n }] = await db.sql.query<{ n: number }>('SELECT count(*) AS n FROM users');
		expect(n).toBe(1);
	});

	it('stores only the hash of the session token', async () => {
		const { session, user } = await setupFirstAccount(db.sql, owner, t0);
		const rows = await db.sql.query<{ id: string }>('SELECT id FROM auth_sessions WHERE user_id = $1', [user.id]);
		expect(rows).toEqual([{ id: sessionId(session.token) }]);
		expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(await validateSession(db.sql, 'not-a-token', t0)).toBeNull();
		expect(await validateSession(db.sql, sessionId(session.token).slice(0, 43), t0)).toBeNull();
	});

	it('ends a session 14 days after its last use, and slides while it is used', async () => {
		const { session } = await setupFirstAccount(db.sql, owner, t0);
		expect(session.expiresAt).toEqual(at(SESSION_IDLE_MS));
		// Used within the hour: nothing written.
		const soon = await validateSession(db.sql, session.token, at(10 * MIN));
		expect(soon?.renewed).toBe(false);
		// Used after 10 days: 14 more days from then.
		const later = await validateSession(db.sql, session.token, at(10 * DAY));
		expect(later?.renewed).toBe(true);
		expect(later?.expiresAt).toEqual(at(10 * DAY + SESSION_IDLE_MS));
		// Unused for 14 days after that: ended.
		expect(await validateSession(db.sql, session.token, at(10 * DAY + SESSION_IDLE_MS + MIN))).toBeNull();
		// An ended session is gone for good.
		expect(await db.sql.query('SELECT 1 FROM auth_sessions')).toHaveLength(0);
	});

	it('ends a session 30 days after it was made, even when it is used every day', async () => {
		const { session } = await setupFirstAccount(db.sql, owner, t0);
		for (let day = 1; day < 30; day++) {
			const used = await validateSession(db.sql, session.token, at(day * DAY));
			expect(used, `day ${day}`).not.toBeNull();
			// The cookie never outlives the absolute end.
			expect(used!.expiresAt.getTime()).toBeLessThanOrEqual(at(SESSION_ABSOLUTE_MS).getTime());
		}
		expect(await validateSession(db.sql, session.token, at(SESSION_ABSOLUTE_MS))).toBeNull();
		// A session made 400 days ago and used yesterday is no session (even if its row says otherwise).
		const old = await createSession(db.sql, (await db.sql.query<{ id: string }>('SELECT id FROM users'))[0].id, at(-400 * DAY));
		await db.sql.query('UPDATE auth_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [
			sessionId(old.token),
			at(-DAY),
			at(13 * DAY)
		]);
		expect(await validateSession(db.sql, old.token, t0)).toBeNull();
	});

	it('ends a session that is not used for 14 days', async () => {
		const { session } = await setupFirstAccount(db.sql, owner, t0);
		expect(await validateSession(db.sql, session.token, at(SESSION_IDLE_MS - MIN))).not.toBeNull();
		const other = await login(db.sql, { email: owner.email, password: owner.password, ip: '1.1.1.1' }, t0);
		expect(await validateSession(db.sql, other.session.token, at(SESSION_IDLE_MS))).toBeNull();
	});

	it('logs out this device, or every device', async () => {
		const { session: first, user } = await setupFirstAccount(db.sql, owner, t0);
		const second = await login(db.sql, { email: owner.email, password: owner.password, ip: '10.0.0.1' }, at(MIN));
		const third = await login(db.sql, { email: owner.email, password: owner.password, ip: '10.0.0.2' }, at(2 * MIN));
		await deleteSession(db.sql, first.token);
		expect(await validateSession(db.sql, first.token, at(3 * MIN))).toBeNull();
		expect(await validateSession(db.sql, second.session.token, at(3 * MIN))).not.toBeNull();

		await logoutEverywhere(db.sql, user.id, at(4 * MIN));
		expect(await validateSession(db.sql, second.session.token, at(5 * MIN))).toBeNull();
		expect(await validateSession(db.sql, third.session.token, at(5 * MIN))).toBeNull();
		// A session that a racing sign-in creates with an older time does not survive either.
		const racing = await createSession(db.sql, user.id, at(3 * MIN));
		expect(await validateSession(db.sql, racing.token, at(5 * MIN))).toBeNull();
		// Signing in again afterwards works.
		const fresh = await login(db.sql, { email: owner.email, password: owner.password, ip: '10.0.0.1' }, at(6 * MIN));
		expect(await validateSession(db.sql, fresh.session.token, at(7 * MIN))).not.toBeNull();
	});

	it('gives the same answer for an unknown e-mail and a wrong password', async () => {
		await setupFirstAccount(db.sql, owner, t0);
		const wrongPassword = await rejection(login(db.sql, { email: owner.email, password: 'feil', ip: '1.1.1.1' }, t0));
		const unknownEmail = await rejection(login(db.sql, { email: 'nobody@example.no', password: 'feil', ip: '1.1.1.1' }, t0));
		expect([wrongPassword.status, wrongPassword.code, wrongPassword.message]).toEqual([
			unknownEmail.status,
			unknownEmail.code,
			unknownEmail.message
		]);
		expect(wrongPassword.code).toBe('invalid_credentials');
		expect(wrongPassword.status).toBe(401);
	});

	it('slows guessing on one account with growing waits, and lets the real user in after the wait', async () => {
		await cheapAccount(db.sql, owner);
		const attempt = (ms: number, password = 'feil', ip = '1.1.1.1') =>
			login(db.sql, { email: 'KARI@example.no', password, ip }, at(ms));
		for (let i = 0; i < BACKOFF_FREE_FAILURES; i++) {
			expect((await rejection(attempt(i))).code).toBe('invalid_credentials');
		}
		// Now every attempt waits 1, 2, 4, … s after the previous failure – from any address.
		let clock = BACKOFF_FREE_FAILURES - 1;
		for (let n = BACKOFF_FREE_FAILURES; n < BACKOFF_FREE_FAILURES + 4; n++) {
			const wait = backoffDelayMs(n);
			const early = await rejection(attempt(clock + 1, 'feil', '2.2.2.2'));
			expect([early.status, early.code, early.extra.retryAfter]).toEqual([429, 'rate_limited', Math.ceil(wait / 1000)]);
			// A refused attempt does not lengthen the wait.
			clock += wait;
			expect((await rejection(attempt(clock))).code).toBe('invalid_credentials');
		}
		const waitNow = backoffDelayMs(BACKOFF_FREE_FAILURES + 4);
		expect(waitNow).toBe(16_000);
		// Even the right password must wait …
		expect((await rejection(attempt(clock + 1, owner.password))).code).toBe('rate_limited');
		// … but after the wait it works, and the count starts again.
		const ok = await attempt(clock + waitNow, owner.password);
		expect(ok.user.email).toBe('kari@example.no');
		for (let i = 0; i < BACKOFF_FREE_FAILURES; i++) {
			expect((await rejection(attempt(clock + waitNow + 1 + i))).code).toBe('invalid_credentials');
		}
	}, 30_000);

	it('never makes anyone wait more than the cap', async () => {
		await cheapAccount(db.sql, owner);
		let clock = 0;
		for (let n = 1; n <= 20; n++) {
			await rejection(login(db.sql, { email: owner.email, password: 'feil', ip: '1.1.1.1' }, at(clock)));
			clock += backoffDelayMs(n);
		}
		expect(backoffDelayMs(20)).toBe(BACKOFF_MAX_DELAY_MS);
		const ok = await login(db.sql, { email: owner.email, password: owner.password, ip: '1.1.1.1' }, at(clock));
		expect(ok.user.displayName).toBe('Kari');
	}, 30_000);

	it('lets a class of 30 behind one address sign in, each after mistyping twice', async () => {
		await setupFirstAccount(db.sql, owner, t0);
		const pupils = [];
		for (let i = 0; i < 30; i++) {
			const account = { email: `elev${i}@skole.no`, password: `Elev nummer ${i} sitt passord`, displayName: `Elev ${i}` };
			await cheapAccount(db.sql, account);
			pupils.push(account);
		}
		const school = '193.0.0.1';
		for (const [i, pupil] of pupils.entries()) {
			for (const typo of ['feil en', 'feil to']) {
				const refused = await rejection(login(db.sql, { email: pupil.email, password: typo, ip: school }, at(MIN + i)));
				expect(refused.code).toBe('invalid_credentials');
			}
		}
		const signedIn = [];
		for (const pupil of pupils) signedIn.push(await login(db.sql, { ...pupil, ip: school }, at(2 * MIN)));
		expect(signedIn.map((s) => s.user.email)).toEqual(pupils.map((p) => p.email));
	}, 60_000);

	it('limits failed sign-ins per client address across e-mails', async () => {
		await setupFirstAccount(db.sql, owner, t0);
		// The address has guessed at many accounts already (one verification each would take minutes here).
		await db.sql.query(
			`INSERT INTO login_attempts (id, key, attempted_at)
			SELECT 'earlier-' || n, 'ip:6.6.6.6', $1::timestamptz + n * interval '1 millisecond' FROM generate_series(1, $2::int - 1) AS n`,
			[t0, LOGIN_MAX_PER_IP]
		);
		const last = await rejection(login(db.sql, { email: 'guess@example.no', password: 'x', ip: '6.6.6.6' }, at(1000)));
		expect(last.code).toBe('invalid_credentials');
		const limited = await rejection(login(db.sql, { email: owner.email, password: owner.password, ip: '6.6.6.6' }, at(2000)));
		expect([limited.status, limited.code]).toEqual([429, 'rate_limited']);
		// The first failure leaves the window after 15 minutes.
		expect(limited.extra.retryAfter).toBe(Math.ceil((LOGIN_WINDOW_MS - 2000 + 1) / 1000));
		// Someone else, elsewhere, is not affected.
		const ok = await login(db.sql, { email: owner.email, password: owner.password, ip: '7.7.7.7' }, at(2000));
		expect(ok.user.displayName).toBe('Kari');
	});

	it('counts attempts fired in parallel, so they cannot slip past the backoff', async () => {
		await cheapAccount(db.sql, owner);
		const results = await Promise.allSettled(
			Array.from({ length: 12 }, (_, i) => login(db.sql, { email: owner.email, password: `gjett ${i}`, ip: `9.9.9.${i}` }, t0))
		);
		const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as ApiError).code : 'ok'));
		expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(BACKOFF_FREE_FAILURES);
		expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(12 - BACKOFF_FREE_FAILURES);
	});
});
