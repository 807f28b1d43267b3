import { expect, it } from 'vitest';
import { forEachEngine } from '$lib/server/db/testing';
import type { ApiErrorBody } from '$lib/server/http/errors';
import { apiClient } from '$lib/server/http/testing';
import { acceptInviteWithNewAccount, createInvite } from '$lib/server/projects/invites';
import { attachProject } from '$lib/server/projects/projects';
import * as adminUser from '../../../routes/api/admin/users/[userId]/+server';
import * as adminUsers from '../../../routes/api/admin/users/+server';
import * as login from '../../../routes/api/auth/login/+server';
import * as me from '../../../routes/api/auth/me/+server';
import * as password from '../../../routes/api/auth/password/+server';
import * as setup from '../../../routes/api/auth/setup/+server';
import * as inviteAccept from '../../../routes/api/invites/[code]/accept/+server';
import type { AdminUser } from './admin';
import { SESSION_COOKIE } from './sessions';
import { useAuthRoutes } from './testing';

const SETUP_CODE = 'ROUTE-TEST-CODE';
const eier = { email: 'eier@example.no', password: 'korrekt hest batteri', displayName: 'Eier', setupCode: SETUP_CODE };
type ErrorBody = ApiErrorBody;

forEachEngine('account routes (in-process)', (db) => {
	const lines = useAuthRoutes(db, SETUP_CODE);

	const post = (path: string, body: unknown) => ({ method: 'POST', path, body });

	it('sets up only with the setup code, and refuses weak passwords with a reason', async () => {
		const client = apiClient();
		const { setupCode: _omit, ...withoutCode } = eier;
		const missing = await client.json<ErrorBody>(setup.POST, post('/api/auth/setup', withoutCode));
		expect([missing.status, missing.body.error.issues]).toEqual([400, [{ path: 'setupCode', code: 'required' }]]);
		const wrong = await client.json<ErrorBody>(setup.POST, post('/api/auth/setup', { ...eier, setupCode: 'NOPE-NOPE-NOPE' }));
		expect([wrong.status, wrong.body.error.code]).toEqual([403, 'setup_code_invalid']);
		for (const [weak, code] of [
			['passord123', 'passwordCommon'],
			['eier@example.no', 'passwordPersonal'],
			['          ', 'passwordTrivial'],
			['kort', 'passwordTooShort']
		]) {
			const res = await client.json<ErrorBody>(setup.POST, post('/api/auth/setup', { ...eier, password: weak }));
			expect([res.status, res.body.error.issues], weak).toEqual([400, [{ path: 'password', code }]]);
		}
		expect(await db.sql.query('SELECT 1 FROM users')).toHaveLength(0);
		const made = await client.json<{ user: { isAdmin: boolean } }>(setup.POST, post('/api/auth/setup', eier));
		expect([made.status, made.body.user.isAdmin]).toEqual([201, true]);
	});

	it('applies the password rules when an invitation makes an account', async () => {
		const owner = apiClient();
		const { body } = await owner.json<{ user: { id: string } }>(setup.POST, post('/api/auth/setup', eier));
		const projectId = '0196a3c0-0000-7000-8000-000000000001';
		await attachProject(db.sql, body.user.id, { id: projectId, name: 'P' });
		const invite = await createInvite(db.sql, { projectId, createdBy: body.user.id, role: 'researcher' });
		const res = await apiClient().json<ErrorBody>(inviteAccept.POST, {
			...post(`/api/invites/${invite.code}/accept`, { email: 'ola@example.no', password: 'Qwerty12345', displayName: 'Ola' }),
			params: { code: invite.code }
		});
		expect([res.status, res.body.error.issues]).toEqual([400, [{ path: 'password', code: 'passwordCommon' }]]);
	});

	it('changes the password: this device stays signed in, the others are signed out', async () => {
		const tablet = apiClient();
		await tablet.call(setup.POST, post('/api/auth/setup', eier));
		const laptop = apiClient();
		expect((await laptop.call(login.POST, post('/api/auth/login', eier))).status).toBe(200);
		const before = tablet.jar.get(SESSION_COOKIE)?.value;

		const changed = await tablet.json(password.POST, post('/api/auth/password', { currentPassword: eier.password, newPassword: 'et nytt og langt passord' }));
		expect(changed.status).toBe(200);
		expect(tablet.jar.get(SESSION_COOKIE)?.value).not.toBe(before);
		expect((await tablet.call(me.GET, { path: '/api/auth/me' })).status).toBe(200);
		const out = await laptop.json<ErrorBody>(me.GET, { path: '/api/auth/me' });
		expect([out.status, out.body.error.code]).toEqual([401, 'unauthenticated']);
		// The refusal is logged.
		await new Promise((done) => setTimeout(done, 0));
		const refused = lines.map((l) => JSON.parse(l)).find((e) => e.event === 'api.refused');
		expect(refused).toMatchObject({ status: 401, code: 'unauthenticated', method: 'GET', path: '/api/auth/me' });
	}, 30_000);

	it('lets the administrator list, disable, enable and delete accounts; others get 403', async () => {
		const admin = apiClient();
		const { body } = await admin.json<{ user: { id: string } }>(setup.POST, post('/api/auth/setup', eier));
		const projectId = '0196a3c0-0000-7000-8000-000000000002';
		await attachProject(db.sql, body.user.id, { id: projectId, name: 'P' });
		const invite = await createInvite(db.sql, { projectId, createdBy: body.user.id, role: 'researcher' });
		const ola = await acceptInviteWithNewAccount(db.sql, invite.code, { email: 'ola@example.no', password: 'olas lange passord', displayName: 'Ola' });
		const olaClient = apiClient();
		olaClient.jar.set(SESSION_COOKIE, { value: ola.session.token, options: { path: '/' } });

		const notAdmin = await olaClient.json<ErrorBody>(adminUsers.GET, { path: '/api/admin/users' });
		expect([notAdmin.status, notAdmin.body.error.code]).toEqual([403, 'not_admin']);

		const listed = await admin.json<{ users: AdminUser[] }>(adminUsers.GET, { path: '/api/admin/users' });
		expect(listed.body.users.map((u) => [u.email, u.isAdmin, u.disabled, u.projectCount])).toEqual([
			['eier@example.no', true, false, 1],
			['ola@example.no', false, false, 1]
		]);

		const userPath = { path: `/api/admin/users/${ola.user.id}`, params: { userId: ola.user.id } };
		const disabled = await admin.json<{ user: AdminUser }>(adminUser.PATCH, { ...userPath, method: 'PATCH', body: { disabled: true } });
		expect(disabled.body.user.disabled).toBe(true);
		expect((await olaClient.call(me.GET, { path: '/api/auth/me' })).status).toBe(401);
		const refused = await apiClient().json<ErrorBody>(login.POST, post('/api/auth/login', { email: 'ola@example.no', password: 'olas lange passord' }));
		expect([refused.status, refused.body.error.code]).toEqual([403, 'account_disabled']);

		await admin.call(adminUser.PATCH, { ...userPath, method: 'PATCH', body: { disabled: false } });
		const back = await apiClient().json(login.POST, post('/api/auth/login', { email: 'ola@example.no', password: 'olas lange passord' }));
		expect(back.status).toBe(200);

		const lastAdmin = await admin.json<ErrorBody>(adminUser.DELETE, {
			method: 'DELETE',
			path: `/api/admin/users/${body.user.id}`,
			params: { userId: body.user.id }
		});
		expect([lastAdmin.status, lastAdmin.body.error.code]).toEqual([409, 'last_admin']);
		const deleted = await admin.json(adminUser.DELETE, { ...userPath, method: 'DELETE' });
		expect(deleted.body).toEqual({ ok: true });
		const after = await admin.json<{ users: AdminUser[] }>(adminUsers.GET, { path: '/api/admin/users' });
		expect(after.body.users.map((u) => u.email)).toEqual(['eier@example.no']);
	}, 30_000);
});
