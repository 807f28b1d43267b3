import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Sql } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import { rejection } from '$lib/server/http/testing';
import { changeRole, listMembers } from '$lib/server/projects/members';
import { createInvite } from '$lib/server/projects/invites';
import { attachProject } from '$lib/server/projects/projects';
import { changePassword, login, setupFirstAccount, setupServer } from './accounts';
import { deleteAccount, listUsers, setAccountDisabled } from './admin';
import { emailHash, setAuthLogSink } from './log';
import { hashPassword } from './password';
import { createSession, validateSession } from './sessions';
import { announceSetupCode, isSetupCode } from './setupCode';
import { insertUser } from './users';

const admin = { email: 'eier@example.no', password: 'korrekt hest batteri', displayName: 'Eier' };
const t0 = new Date('2026-05-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const MIN = 60 * 1000;

/** An account with a cheap hash (upgraded at its first sign-in), so tests stay fast. */
async function account(sql: Sql, email: string, password = 'et langt passord her') {
	const passwordHash = await hashPassword(password, { log2N: 10, r: 8, p: 1 });
	const row = await insertUser(sql, { email, displayName: email.split('@')[0], passwordHash }, t0);
	return { id: row.id, email, password };
}

let lines: string[] = [];
beforeEach(() => {
	lines = [];
	setAuthLogSink((line) => lines.push(line));
});
afterEach(() => setAuthLogSink(null));
const events = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

forEachEngine('accounts done properly', (db) => {
	it('needs the setup code printed at start, then makes the first account an administrator', async () => {
		const printed: string[] = [];
		expect(await announceSetupCode(db.sql, {}, (line) => printed.push(line), t0)).toBe('printed');
		expect(printed).toHaveLength(1);
		const code = /Setup code: ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(printed[0])?.[1];
		expect(code).toBeTruthy();
		// Only its hash is stored.
		const stored = JSON.stringify(await db.sql.query('SELECT * FROM setup_codes'));
		expect(stored).not.toContain(code!.replace(/-/g, ''));

		const wrong = await rejection(setupServer(db.sql, { ...admin, setupCode: 'AAAA-BBBB-CCCC' }, { ip: '1.2.3.4', now: t0 }));
		expect([wrong.status, wrong.code]).toEqual([403, 'setup_code_invalid']);
		expect(await db.sql.query('SELECT 1 FROM users')).toHaveLength(0);

		// Case, spaces and dashes do not matter.
		const { user } = await setupServer(db.sql, { ...admin, setupCode: ` ${code!.toLowerCase().replace(/-/g, ' ')} ` }, { now: t0 });
		expect(user.isAdmin).toBe(true);
		expect(await isSetupCode(db.sql, code!)).toBe(false);
		const again = await rejection(setupServer(db.sql, { ...admin, email: 'b@example.no', setupCode: code! }, { now: t0 }));
		expect(again.code).toBe('setup_done');
		// Once there is an account, a restart prints nothing.
		expect(await announceSetupCode(db.sql, {}, (line) => printed.push(line), t0)).toBe('not_needed');
		expect(printed).toHaveLength(1);
		expect(events().map((e) => e.event)).toEqual(['setup.refused', 'setup.done']);
		expect(lines.join('\n')).not.toContain(code!);
	});

	it('takes the setup code from SETUP_CODE without printing it', async () => {
		const printed: string[] = [];
		expect(await announceSetupCode(db.sql, { SETUP_CODE: 'fast-kode-for-test' }, (line) => printed.push(line), t0)).toBe('from_env');
		expect(printed.join('\n')).not.toContain('fast-kode');
		const { user } = await setupServer(db.sql, { ...admin, setupCode: 'FAST-KODE-FOR-TEST' }, { now: t0 });
		expect(user.email).toBe(admin.email);
	});

	it('changes the password with the current one and ends every other session', async () => {
		const { user, session: tablet } = await setupFirstAccount(db.sql, admin, t0);
		const laptop = await login(db.sql, { email: admin.email, password: admin.password, ip: '1.1.1.1' }, at(MIN));

		const wrong = await rejection(
			changePassword(db.sql, { userId: user.id, currentPassword: 'ikke riktig', newPassword: 'et helt nytt passord' }, at(2 * MIN))
		);
		expect([wrong.status, wrong.code, wrong.extra.issues]).toEqual([400, 'invalid_input', [{ path: 'currentPassword', code: 'wrongPassword' }]]);
		const weak = await rejection(
			changePassword(db.sql, { userId: user.id, currentPassword: admin.password, newPassword: 'eier@example.no' }, at(2 * MIN))
		);
		expect(weak.extra.issues).toEqual([{ path: 'newPassword', code: 'passwordPersonal' }]);
		// Nothing changed so far.
		expect(await validateSession(db.sql, laptop.session.token, at(2 * MIN))).not.toBeNull();

		const changed = await changePassword(
			db.sql,
			{ userId: user.id, currentPassword: admin.password, newPassword: 'et helt nytt passord', ip: '1.1.1.1' },
			at(3 * MIN)
		);
		// This device goes on with its new session; every other one is gone.
		expect(await validateSession(db.sql, changed.session.token, at(4 * MIN))).not.toBeNull();
		expect(await validateSession(db.sql, laptop.session.token, at(4 * MIN))).toBeNull();
		expect(await validateSession(db.sql, tablet.token, at(4 * MIN))).toBeNull();
		expect((await rejection(login(db.sql, { email: admin.email, password: admin.password, ip: '1.1.1.1' }, at(5 * MIN)))).code).toBe(
			'invalid_credentials'
		);
		const again = await login(db.sql, { email: admin.email, password: 'et helt nytt passord', ip: '1.1.1.1' }, at(6 * MIN));
		expect(again.user.id).toBe(user.id);
		const changedLine = events().find((e) => e.event === 'password.changed');
		expect(changedLine).toMatchObject({ userId: user.id, sessionsEnded: 2 });
		expect(lines.join('\n')).not.toMatch(/korrekt hest|helt nytt/);
	}, 30_000);

	it('disables an account: its sessions end, sign-in is refused, its data stays; enabling lets it in again', async () => {
		const { user: me } = await setupFirstAccount(db.sql, admin, t0);
		const projectId = uuidv7();
		await attachProject(db.sql, me.id, { id: projectId, name: 'Prosjekt' });
		const ola = await account(db.sql, 'ola@example.no');
		await db.sql.query(`INSERT INTO memberships (project_id, user_id, role, created_at) VALUES ($1, $2, 'researcher', $3)`, [projectId, ola.id, t0]);
		const olaSession = await createSession(db.sql, ola.id, t0);

		const disabled = await setAccountDisabled(db.sql, { adminId: me.id, userId: ola.id }, true, at(MIN));
		expect(disabled).toMatchObject({ id: ola.id, disabled: true });
		expect(await validateSession(db.sql, olaSession.token, at(2 * MIN))).toBeNull();
		// Wrong password: the same answer as always. Right password: told it is disabled.
		expect((await rejection(login(db.sql, { email: ola.email, password: 'feil feil feil', ip: '1.1.1.1' }, at(2 * MIN)))).code).toBe(
			'invalid_credentials'
		);
		const refused = await rejection(login(db.sql, { email: ola.email, password: ola.password, ip: '1.1.1.1' }, at(2 * MIN)));
		expect([refused.status, refused.code]).toEqual([403, 'account_disabled']);
		expect((await listMembers(db.sql, projectId)).map((m) => m.userId)).toContain(ola.id);

		await setAccountDisabled(db.sql, { adminId: me.id, userId: ola.id }, false, at(3 * MIN));
		expect((await login(db.sql, { email: ola.email, password: ola.password, ip: '1.1.1.1' }, at(4 * MIN))).user.id).toBe(ola.id);
		expect(events().map((e) => e.event)).toEqual(
			expect.arrayContaining(['account.disabled', 'signin.failed', 'signin.disabled', 'account.enabled', 'signin.ok'])
		);
	}, 30_000);

	it('never disables or deletes the last administrator', async () => {
		const { user: me } = await setupFirstAccount(db.sql, admin, t0);
		const disable = await rejection(setAccountDisabled(db.sql, { adminId: me.id, userId: me.id }, true, t0));
		const remove = await rejection(deleteAccount(db.sql, { adminId: me.id, userId: me.id }, t0));
		expect([disable.status, disable.code, remove.status, remove.code]).toEqual([409, 'last_admin', 409, 'last_admin']);
		expect((await listUsers(db.sql)).map((u) => [u.email, u.isAdmin, u.disabled])).toEqual([[admin.email, true, false]]);
	});

	it('refuses to delete the only owner of a project, and says which', async () => {
		const { user: me } = await setupFirstAccount(db.sql, admin, t0);
		const kari = await account(db.sql, 'kari@example.no');
		const projectId = uuidv7();
		await attachProject(db.sql, kari.id, { id: projectId, name: 'Karis prosjekt' });
		expect((await listUsers(db.sql)).find((u) => u.id === kari.id)?.soleOwnerOf).toEqual([{ id: projectId, name: 'Karis prosjekt' }]);
		const refused = await rejection(deleteAccount(db.sql, { adminId: me.id, userId: kari.id }, t0));
		expect([refused.status, refused.code]).toEqual([409, 'last_project_owner']);
		expect(await listMembers(db.sql, projectId)).toHaveLength(1);

		// With another owner, the account can go.
		await db.sql.query(`INSERT INTO memberships (project_id, user_id, role, created_at) VALUES ($1, $2, 'researcher', $3)`, [projectId, me.id, t0]);
		await changeRole(db.sql, projectId, me.id, 'owner');
		expect((await listUsers(db.sql)).find((u) => u.id === kari.id)?.soleOwnerOf).toEqual([]);
		await deleteAccount(db.sql, { adminId: me.id, userId: kari.id }, t0);
	});

	it('deletes an account: sessions, memberships and open invites end; e-mail, name and hash are erased', async () => {
		const { user: me } = await setupFirstAccount(db.sql, admin, t0);
		const projectId = uuidv7();
		await attachProject(db.sql, me.id, { id: projectId, name: 'Prosjekt' });
		const per = await account(db.sql, 'per@example.no');
		await db.sql.query(`INSERT INTO memberships (project_id, user_id, role, created_at) VALUES ($1, $2, 'owner', $3)`, [projectId, per.id, t0]);
		const invite = await createInvite(db.sql, { projectId, createdBy: per.id, role: 'reviewer' }, t0);
		const session = await createSession(db.sql, per.id, t0);

		await deleteAccount(db.sql, { adminId: me.id, userId: per.id }, at(MIN));
		expect(await validateSession(db.sql, session.token, at(2 * MIN))).toBeNull();
		expect((await listMembers(db.sql, projectId)).map((m) => m.userId)).toEqual([me.id]);
		expect(await db.sql.query('SELECT 1 FROM invites WHERE code = $1', [invite.code])).toHaveLength(0);
		const [row] = await db.sql.query<{ email: string; display_name: string; password_hash: string }>(
			'SELECT email, display_name, password_hash FROM users WHERE id = $1',
			[per.id]
		);
		expect(row).toEqual({ email: `deleted:${per.id}`, display_name: '', password_hash: '' });
		expect((await listUsers(db.sql)).map((u) => u.id)).toEqual([me.id]);
		expect((await rejection(login(db.sql, { email: per.email, password: per.password, ip: '1.1.1.1' }, at(3 * MIN)))).code).toBe(
			'invalid_credentials'
		);
		// The address is free for a new account.
		await account(db.sql, per.email);
		const deleted = events().find((e) => e.event === 'account.deleted');
		expect(deleted).toMatchObject({ userId: per.id, adminId: me.id, sessionsEnded: 1 });
		expect(await rejection(deleteAccount(db.sql, { adminId: me.id, userId: per.id }, at(4 * MIN)))).toMatchObject({
			status: 404,
			code: 'user_not_found'
		});
	});

	it('logs sign-ins as JSON lines without passwords, with the e-mail hashed, and no forged lines', async () => {
		await account(db.sql, 'kari@example.no', 'mitt hemmelige passord');
		await rejection(login(db.sql, { email: 'kari@example.no', password: 'feil\n{"event":"signin.ok"}', ip: '1.1.1.1' }, t0));
		await login(db.sql, { email: 'KARI@example.no ', password: 'mitt hemmelige passord', ip: '1.1.1.1\n{"forged":true}' }, t0);
		expect(lines).toHaveLength(2);
		const [failed, ok] = events();
		expect(failed).toMatchObject({ kind: 'auth', event: 'signin.failed', emailHash: emailHash('kari@example.no'), ip: '1.1.1.1' });
		expect(ok).toMatchObject({ event: 'signin.ok', emailHash: emailHash('kari@example.no'), ip: '1.1.1.1\n{"forged":true}' });
		const all = lines.join('\n');
		expect(all).not.toContain('hemmelige');
		expect(all).not.toContain('kari@example.no');
		expect(lines.every((line) => !line.includes('\n'))).toBe(true);
	});
});
