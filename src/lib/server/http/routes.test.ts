import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { announceSetupCode } from '$lib/server/auth/setupCode';
import { useStorageForTests } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import * as inviteAccept from '../../../routes/api/invites/[code]/accept/+server';
import * as invite from '../../../routes/api/invites/[code]/+server';
import * as login from '../../../routes/api/auth/login/+server';
import * as logoutAll from '../../../routes/api/auth/logout-all/+server';
import * as logout from '../../../routes/api/auth/logout/+server';
import * as me from '../../../routes/api/auth/me/+server';
import * as setup from '../../../routes/api/auth/setup/+server';
import * as status from '../../../routes/api/auth/status/+server';
import * as projects from '../../../routes/api/projects/+server';
import * as projectInvites from '../../../routes/api/projects/[projectId]/invites/+server';
import { endpoint, type ApiErrorBody } from './errors';
import { apiClient } from './testing';

/** The setup code a fresh server printed (fixed here through SETUP_CODE). */
const SETUP_CODE = 'TEST-SETUP-CODE';
const kari = { email: 'kari@example.no', password: 'korrekt hest', displayName: 'Kari', setupCode: SETUP_CODE };
type ErrorBody = ApiErrorBody;
// Tests that hash several passwords get 30 s: one scrypt hash takes up to a second on a loaded machine.

forEachEngine('API routes (in-process)', (db) => {
	beforeEach(async () => {
		useStorageForTests(db.sql);
		await announceSetupCode(db.sql, { SETUP_CODE }, () => {});
	});
	afterEach(() => useStorageForTests(null));

	it('sets up a fresh server once, signs in with an httpOnly SameSite=Lax cookie', async () => {
		const client = apiClient();
		expect((await client.json(status.GET, { path: '/api/auth/status' })).body).toEqual({ setupNeeded: true, user: null });

		const created = await client.json<{ user: { email: string } }>(setup.POST, { method: 'POST', path: '/api/auth/setup', body: kari });
		expect(created.status).toBe(201);
		expect(created.body.user.email).toBe('kari@example.no');
		const cookie = client.jar.get(SESSION_COOKIE);
		expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(cookie?.options).toMatchObject({ path: '/', httpOnly: true, sameSite: 'lax', secure: false });

		const after = await client.json<{ setupNeeded: boolean; user: { email: string } }>(status.GET, { path: '/api/auth/status' });
		expect(after.body).toMatchObject({ setupNeeded: false, user: { email: 'kari@example.no' } });
		expect((await client.json(me.GET, { path: '/api/auth/me' })).status).toBe(200);

		const again = await apiClient().json<ErrorBody>(setup.POST, {
			method: 'POST',
			path: '/api/auth/setup',
			body: { ...kari, email: 'ola@example.no' }
		});
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe('setup_done');
	}, 30_000);

	it('marks the cookie secure over https', async () => {
		const client = apiClient({ origin: 'https://felt.example.no' });
		await client.call(setup.POST, { method: 'POST', path: '/api/auth/setup', body: kari });
		expect(client.jar.get(SESSION_COOKIE)?.options).toMatchObject({ secure: true, httpOnly: true });
	});

	it('serves a plain-http page on the office network although adapter-node says https', async () => {
		// Without ORIGIN, adapter-node builds every request URL with https.
		const client = apiClient({ origin: 'https://192.168.1.20:3000' });
		const res = await client.call(setup.POST, {
			method: 'POST',
			path: '/api/auth/setup',
			body: kari,
			headers: { origin: 'http://192.168.1.20:3000' }
		});
		expect(res.status).toBe(201);
		expect(client.jar.get(SESSION_COOKIE)?.options).toMatchObject({ secure: false });
	});

	it('answers a wrong password with 401 JSON and too many with 429 and retry-after', async () => {
		await apiClient().call(setup.POST, { method: 'POST', path: '/api/auth/setup', body: kari });
		const client = apiClient({ ip: '10.1.1.1' });
		for (let i = 0; i < 5; i++) {
			const wrong = await client.json<ErrorBody>(login.POST, { method: 'POST', path: '/api/auth/login', body: { ...kari, password: 'feil' } });
			expect(wrong.status).toBe(401);
			expect(wrong.body.error).toEqual({ code: 'invalid_credentials', message: expect.any(String) });
			expect(wrong.response.headers.get('content-type')).toContain('application/json');
		}
		const limited = await client.json<ErrorBody>(login.POST, { method: 'POST', path: '/api/auth/login', body: kari });
		expect(limited.status).toBe(429);
		expect(limited.body.error.code).toBe('rate_limited');
		// The account must wait (1 s after the fifth failure) – even with the right password.
		expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(limited.body.error.retryAfter).toBe(Number(limited.response.headers.get('retry-after')));
		expect(client.jar.has(SESSION_COOKIE)).toBe(false);
	}, 30_000);

	it('logs out here, or everywhere', async () => {
		const tablet = apiClient();
		await tablet.call(setup.POST, { method: 'POST', path: '/api/auth/setup', body: kari });
		const laptop = apiClient();
		expect((await laptop.json(login.POST, { method: 'POST', path: '/api/auth/login', body: { email: ' KARI@example.no', password: kari.password } })).status).toBe(200);
		const phone = apiClient();
		await phone.call(login.POST, { method: 'POST', path: '/api/auth/login', body: kari });

		expect((await laptop.json(logout.POST, { method: 'POST', path: '/api/auth/logout' })).body).toEqual({ ok: true });
		expect(laptop.jar.has(SESSION_COOKIE)).toBe(false);
		expect((await laptop.json(me.GET, { path: '/api/auth/me' })).status).toBe(401);
		expect((await tablet.json(me.GET, { path: '/api/auth/me' })).status).toBe(200);

		expect((await tablet.json(logoutAll.POST, { method: 'POST', path: '/api/auth/logout-all' })).status).toBe(200);
		for (const client of [tablet, phone]) {
			const res = await client.json<ErrorBody>(me.GET, { path: '/api/auth/me' });
			expect([res.status, res.body.error.code]).toEqual([401, 'unauthenticated']);
		}
		// A stale cookie is cleared by the server.
		const stale = apiClient();
		stale.jar.set(SESSION_COOKIE, { value: 'x'.repeat(43), options: { path: '/' } });
		await stale.call(me.GET, { path: '/api/auth/me' });
		expect(stale.jar.has(SESSION_COOKIE)).toBe(false);
	}, 30_000);

	it('answers bad input with 400 invalid_input and field issues, never 500', async () => {
		const client = apiClient();
		const notJson = await client.json<ErrorBody>(setup.POST, { method: 'POST', path: '/api/auth/setup', body: '{"email":' });
		expect([notJson.status, notJson.body.error.code]).toEqual([400, 'invalid_input']);
		const wrong = await client.json<ErrorBody>(setup.POST, {
			method: 'POST',
			path: '/api/auth/setup',
			body: { email: 'ikke en adresse', password: 'kort', displayName: '  ', setupCode: SETUP_CODE }
		});
		expect(wrong.status).toBe(400);
		expect(wrong.body.error.issues).toEqual(
			expect.arrayContaining([
				{ path: 'email', code: 'invalidEmail' },
				{ path: 'password', code: 'passwordTooShort' },
				{ path: 'displayName', code: 'required' }
			])
		);
		for (const body of [null, [], 42, 'null', { email: 1 }]) {
			const res = await client.json<ErrorBody>(login.POST, { method: 'POST', path: '/api/auth/login', body });
			expect(res.status, JSON.stringify(body)).toBe(400);
		}
		await client.call(setup.POST, { method: 'POST', path: '/api/auth/setup', body: kari });
		const badId = await client.json<ErrorBody>(projects.POST, { method: 'POST', path: '/api/projects', body: { id: 'p1', name: 'X' } });
		expect([badId.status, badId.body.error.issues]).toEqual([400, [{ path: 'id', code: 'invalid' }]]);
		const tooBig = await client.json<ErrorBody>(projects.POST, {
			method: 'POST',
			path: '/api/projects',
			body: { id: uuidv7(), name: 'x'.repeat(70_000) }
		});
		expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'payload_too_large']);
		expect(await db.sql.query('SELECT 1 FROM projects')).toHaveLength(0);
	});

	it('sends no-store and security headers on every API answer, errors included', async () => {
		for (const response of [
			await apiClient().call(status.GET, { path: '/api/auth/status' }),
			await apiClient().call(me.GET, { path: '/api/auth/me' })
		]) {
			expect(response.headers.get('cache-control')).toBe('no-store');
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			expect(response.headers.get('x-frame-options')).toBe('DENY');
		}
	});

	it('refuses writes a browser sends from another origin', async () => {
		const res = await apiClient().json<ErrorBody>(setup.POST, {
			method: 'POST',
			path: '/api/auth/setup',
			body: kari,
			headers: { origin: 'https://evil.example' }
		});
		expect([res.status, res.body.error.code]).toEqual([403, 'cross_origin']);
		expect(await db.sql.query('SELECT 1 FROM users')).toHaveLength(0);
	});

	it('attaches a project (201, then 200 on retry) and joins a researcher with an invite', async () => {
		const owner = apiClient();
		await owner.call(setup.POST, { method: 'POST', path: '/api/auth/setup', body: kari });
		const id = uuidv7();
		const first = await owner.json(projects.POST, { method: 'POST', path: '/api/projects', body: { id, name: 'Ungt utenforskap' } });
		expect(first.status).toBe(201);
		expect(first.body).toMatchObject({ created: true, project: { id, name: 'Ungt utenforskap', role: 'owner' } });
		const retry = await owner.json(projects.POST, { method: 'POST', path: '/api/projects', body: { id, name: 'Ungt utenforskap' } });
		expect([retry.status, retry.body.created]).toEqual([200, false]);

		const made = await owner.json<{ code: string; displayCode: string; url: string; role: string; expiresAt: string }>(projectInvites.POST, {
			method: 'POST',
			path: `/api/projects/${id}/invites`,
			params: { projectId: id },
			body: {}
		});
		expect(made.status).toBe(201);
		expect(made.body).toMatchObject({ role: 'researcher', url: `http://127.0.0.1:4173/join/${made.body.code}` });
		expect(made.body.displayCode).toBe(`${made.body.code.slice(0, 4)}-${made.body.code.slice(4)}`);

		const guest = apiClient();
		const shown = await guest.json(invite.GET, { path: `/api/invites/${made.body.displayCode}`, params: { code: made.body.displayCode } });
		expect(shown.body).toEqual({ invite: { code: made.body.code, projectId: id, projectName: 'Ungt utenforskap', role: 'researcher', expiresAt: made.body.expiresAt } });

		const joined = await guest.json<{ role: string; user: { email: string }; project: { id: string } }>(inviteAccept.POST, {
			method: 'POST',
			path: `/api/invites/${made.body.code}/accept`,
			params: { code: made.body.code },
			body: { email: 'ola@example.no', password: 'olas lange passord', displayName: 'Ola' }
		});
		expect(joined.status).toBe(201);
		expect(joined.body).toMatchObject({ role: 'researcher', project: { id }, user: { email: 'ola@example.no' } });
		expect(guest.jar.has(SESSION_COOKIE)).toBe(true);
		const mine = await guest.json<{ projects: { id: string; role: string }[] }>(projects.GET, { path: '/api/projects' });
		expect(mine.body.projects).toMatchObject([{ id, role: 'researcher' }]);

		const reused = await apiClient().json<ErrorBody>(inviteAccept.POST, {
			method: 'POST',
			path: `/api/invites/${made.body.code}/accept`,
			params: { code: made.body.code },
			body: { email: 'per@example.no', password: 'pers lange passord', displayName: 'Per' }
		});
		expect([reused.status, reused.body.error.code]).toEqual([410, 'invite_used']);
	}, 30_000);

	it('limits guessing invite codes per client address', async () => {
		const guesser = apiClient({ ip: '10.9.9.9' });
		const codes: string[] = [];
		for (let i = 0; i < 21; i++) {
			const res = await guesser.json<ErrorBody>(invite.GET, { path: `/api/invites/ABCD${i}`, params: { code: `ABCDEFG${i}` } });
			codes.push(res.body.error.code);
		}
		expect(codes.slice(0, 20).every((c) => c === 'invite_not_found')).toBe(true);
		expect(codes[20]).toBe('rate_limited');
	});
});

describe('endpoint()', () => {
	it('turns an unexpected error into a 500 JSON answer without details', async () => {
		const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
		const handler = endpoint(async () => {
			throw new Error('secret detail');
		});
		const res = await apiClient().json<ErrorBody>(handler, { path: '/api/x' });
		expect(res.status).toBe(500);
		expect(res.body.error).toEqual({ code: 'internal_error', message: 'Something went wrong on the server.' });
		expect(spy).toHaveBeenCalled();
		spy.mockRestore();
	});
});
