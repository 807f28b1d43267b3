import { rejection } from '$lib/server/http/testing';
import { expect, it } from 'vitest';
import { forEachEngine } from '$lib/server/db/testing';
import { ApiError } from '$lib/server/http/errors';
import { login, setupFirstAccount } from './accounts';
import { LOGIN_MAX_PER_EMAIL, LOGIN_MAX_PER_IP, LOGIN_WINDOW_MS } from './rateLimit';
import {
	createSession,
	deleteSession,
	logoutEverywhere,
	SESSION_TTL_MS,
	sessionId,
	validateSession
} from './sessions';

const owner = { email: ' Kari@Example.no ', password: 'korrekt hest', displayName: 'Kari' };
const t0 = new Date('2026-05-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const MIN = 60 * 1000;
const DAY = 24 * 60 * MIN;


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

	it('expires a session 30 days after its last use, and slides while it is used', async () => {
		const { session } = await setupFirstAccount(db.sql, owner, t0);
		expect(session.expiresAt).toEqual(at(SESSION_TTL_MS));
		// Used within the hour: nothing written.
		const soon = await validateSession(db.sql, session.token, at(10 * MIN));
		expect(soon?.renewed).toBe(false);
		// Used after 20 days: 30 more days from then.
		const later = await validateSession(db.sql, session.token, at(20 * DAY));
		expect(later?.renewed).toBe(true);
		expect(later?.expiresAt).toEqual(at(20 * DAY + SESSION_TTL_MS));
		// Unused for 30 days after that: expired (a day before the first expiry it would still have worked).
		expect(await validateSession(db.sql, session.token, at(20 * DAY + SESSION_TTL_MS + MIN))).toBeNull();
		// An expired session is gone for good.
		expect(await db.sql.query('SELECT 1 FROM auth_sessions')).toHaveLength(0);
	});

	it('ends a session that is not used for 30 days', async () => {
		const { session } = await setupFirstAccount(db.sql, owner, t0);
		expect(await validateSession(db.sql, session.token, at(SESSION_TTL_MS - MIN))).not.toBeNull();
		const other = await login(db.sql, { email: owner.email, password: owner.password, ip: '1.1.1.1' }, t0);
		expect(await validateSession(db.sql, other.session.token, at(SESSION_TTL_MS))).toBeNull();
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

	it('limits failed sign-ins per e-mail: 5 in 15 minutes, then 429 with retry-after', async () => {
		await setupFirstAccount(db.sql, owner, t0);
		const attempt = (ms: number, password = 'feil', ip = '1.1.1.1') =>
			login(db.sql, { email: 'KARI@example.no', password, ip }, at(ms));
		for (let i = 0; i < LOGIN_MAX_PER_EMAIL; i++) {
			expect((await rejection(attempt(i * MIN))).code).toBe('invalid_credentials');
		}
		// Locked – even with the right password, and from another address.
		const locked = await rejection(attempt(5 * MIN, owner.password, '2.2.2.2'));
		expect([locked.status, locked.code]).toEqual([429, 'rate_limited']);
		// The first failure (at 0) leaves the window at 15 min: 10 minutes from now.
		expect(locked.extra.retryAfter).toBe(10 * 60);
		// Refused attempts do not extend the lock.
		await rejection(attempt(14 * MIN));
		const open = await attempt(LOGIN_WINDOW_MS + 1, owner.password);
		expect(open.user.email).toBe('kari@example.no');
		// Success clears the e-mail's failures.
		for (let i = 0; i < LOGIN_MAX_PER_EMAIL; i++) {
			expect((await rejection(attempt(LOGIN_WINDOW_MS + 2 + i))).code).toBe('invalid_credentials');
		}
	});

	it('limits failed sign-ins per client address across e-mails', async () => {
		await setupFirstAccount(db.sql, owner, t0);
		for (let i = 0; i < LOGIN_MAX_PER_IP; i++) {
			const e = await rejection(login(db.sql, { email: `guess${i}@example.no`, password: 'x', ip: '6.6.6.6' }, at(i)));
			expect(e.code).toBe('invalid_credentials');
		}
		const limited = await rejection(login(db.sql, { email: owner.email, password: owner.password, ip: '6.6.6.6' }, at(100)));
		expect(limited.code).toBe('rate_limited');
		// Someone else, elsewhere, is not affected.
		const ok = await login(db.sql, { email: owner.email, password: owner.password, ip: '7.7.7.7' }, at(100));
		expect(ok.user.displayName).toBe('Kari');
	});

	it('counts attempts fired in parallel, so they cannot slip past the limit', async () => {
		await setupFirstAccount(db.sql, owner, t0);
		const results = await Promise.allSettled(
			Array.from({ length: 12 }, (_, i) => login(db.sql, { email: owner.email, password: `gjett ${i}`, ip: `9.9.9.${i}` }, t0))
		);
		const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as ApiError).code : 'ok'));
		expect(codes.filter((c) => c === 'invalid_credentials').length).toBeLessThanOrEqual(LOGIN_MAX_PER_EMAIL);
		expect(codes.filter((c) => c === 'rate_limited').length).toBeGreaterThanOrEqual(12 - LOGIN_MAX_PER_EMAIL);
	});
});
