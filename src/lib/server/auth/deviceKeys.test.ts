import { expect, it } from 'vitest';
import { forEachEngine } from '$lib/server/db/testing';
import type { ApiErrorBody } from '$lib/server/http/errors';
import { apiClient } from '$lib/server/http/testing';
import * as adminUser from '../../../routes/api/admin/users/[userId]/+server';
import * as deviceKey from '../../../routes/api/auth/device-keys/[ringId]/+server';
import * as recover from '../../../routes/api/auth/device-keys/recover/+server';
import * as me from '../../../routes/api/auth/me/+server';
import * as setup from '../../../routes/api/auth/setup/+server';
import { createAccount } from './accounts';
import { DEVICE_KEYS_PER_USER } from './deviceKeys';
import { hashPassword } from './password';
import { useAuthRoutes } from './testing';

const SETUP_CODE = 'DEVICE-KEY-CODE';
const eier = { email: 'eier@example.no', password: 'korrekt hest batteri', displayName: 'Eier', setupCode: SETUP_CODE };
const ola = { email: 'ola@example.no', password: 'olas lange passord', displayName: 'Ola' };
const ring = '0196a3c0-0000-4000-8000-00000000a001';

forEachEngine('device recovery secrets', (db) => {
	const lines = useAuthRoutes(db, SETUP_CODE);

	const put = (ringId: string) => ({ method: 'PUT', path: `/api/auth/device-keys/${ringId}`, params: { ringId } });
	const recovering = (body: unknown) => ({ method: 'POST', path: '/api/auth/device-keys/recover', body });

	it('hands a tablet’s secret only to a sign-in with the password, never to a cookie', async () => {
		const tablet = apiClient();
		expect((await tablet.json<ApiErrorBody>(deviceKey.PUT, put(ring))).status).toBe(401);
		await tablet.json(setup.POST, { method: 'POST', path: '/api/auth/setup', body: eier });
		const issued = await tablet.json<{ secret: string }>(deviceKey.PUT, put(ring));
		expect(issued.status).toBe(200);
		expect(Buffer.from(issued.body.secret, 'base64url')).toHaveLength(32);

		// The cookie alone (a lost tablet still has it) gets nothing: there is no GET.
		expect('GET' in deviceKey).toBe(false);
		const wrong = await apiClient().json<ApiErrorBody>(recover.POST, recovering({ email: eier.email, password: 'ikke passordet', ringId: ring }));
		expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);

		// Another person's tablet: signing in as a different account does not open it.
		await createAccount(db.sql, ola, await hashPassword(ola.password), new Date());
		const other = await apiClient().json<ApiErrorBody>(recover.POST, recovering({ email: ola.email, password: ola.password, ringId: ring }));
		expect([other.status, other.body.error.code]).toEqual([404, 'no_device_key']);

		const rescuer = apiClient();
		const back = await rescuer.json<{ secret: string; user: { email: string } }>(recover.POST, recovering({ email: ' EIER@example.no', password: eier.password, ringId: ring }));
		expect([back.status, back.body.secret, back.body.user.email]).toEqual([200, issued.body.secret, eier.email]);
		// It is a sign-in: the tablet can sync on afterwards.
		expect((await rescuer.call(me.GET, { path: '/api/auth/me' })).status).toBe(200);
		expect(lines.some((l) => l.includes('"device_key.recovered"'))).toBe(true);
		expect(lines.join('\n')).not.toContain(issued.body.secret);
	});

	it('replaces a secret when issued again, forgets it on DELETE, and refuses bad ids and a 21st tablet', async () => {
		const tablet = apiClient();
		await tablet.json(setup.POST, { method: 'POST', path: '/api/auth/setup', body: eier });
		const first = await tablet.json<{ secret: string }>(deviceKey.PUT, put(ring));
		const second = await tablet.json<{ secret: string }>(deviceKey.PUT, put(ring));
		expect(second.body.secret).not.toBe(first.body.secret);
		const back = await apiClient().json<{ secret: string }>(recover.POST, recovering({ email: eier.email, password: eier.password, ringId: ring }));
		expect(back.body.secret).toBe(second.body.secret);

		const bad = await tablet.json<ApiErrorBody>(deviceKey.PUT, put('../../etc'));
		expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_input']);
		const badRecover = await apiClient().json<ApiErrorBody>(recover.POST, recovering({ email: eier.email, password: eier.password, ringId: 'x' }));
		expect(badRecover.status).toBe(400);

		for (let i = 1; i < DEVICE_KEYS_PER_USER; i++) {
			expect((await tablet.call(deviceKey.PUT, put(`0196a3c0-0000-4000-8000-${String(i).padStart(12, '0')}`))).status).toBe(200);
		}
		const tooMany = await tablet.json<ApiErrorBody>(deviceKey.PUT, put('0196a3c0-0000-4000-8000-0000000000ff'));
		expect([tooMany.status, tooMany.body.error.code]).toEqual([409, 'too_many_device_keys']);
		// Issuing again for a tablet already counted is not a new one.
		expect((await tablet.call(deviceKey.PUT, put(ring))).status).toBe(200);

		const forgotten = await tablet.json<{ forgotten: boolean }>(deviceKey.DELETE, { ...put(ring), method: 'DELETE' });
		expect(forgotten.body.forgotten).toBe(true);
		const gone = await apiClient().json<ApiErrorBody>(recover.POST, recovering({ email: eier.email, password: eier.password, ringId: ring }));
		expect([gone.status, gone.body.error.code]).toEqual([404, 'no_device_key']);
		expect((await db.sql.query('SELECT 1 FROM device_keys')).length).toBe(DEVICE_KEYS_PER_USER - 1);
	});

	it('refuses a disabled account, and forgets every secret of a deleted one', async () => {
		const admin = apiClient();
		await admin.json(setup.POST, { method: 'POST', path: '/api/auth/setup', body: eier });
		const user = await createAccount(db.sql, ola, await hashPassword(ola.password), new Date());
		const olaTablet = apiClient();
		const signedIn = await olaTablet.json(recover.POST, recovering({ email: ola.email, password: ola.password, ringId: ring }));
		expect(signedIn.status).toBe(404);
		await olaTablet.json(deviceKey.PUT, put(ring));
		const userPath = { path: `/api/admin/users/${user.id}`, params: { userId: user.id } };
		await admin.call(adminUser.PATCH, { ...userPath, method: 'PATCH', body: { disabled: true } });
		const disabled = await apiClient().json<ApiErrorBody>(recover.POST, recovering({ email: ola.email, password: ola.password, ringId: ring }));
		expect([disabled.status, disabled.body.error.code]).toEqual([403, 'account_disabled']);
		await db.sql.query('DELETE FROM users WHERE id = $1', [user.id]);
		expect(await db.sql.query('SELECT 1 FROM device_keys')).toHaveLength(0);
	});
});
