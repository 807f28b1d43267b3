import { rejection } from '$lib/server/http/testing';
import { uuidv7 } from 'uuidv7';
import { expect, it } from 'vitest';
import { setupFirstAccount } from '$lib/server/auth/accounts';
import { validateSession } from '$lib/server/auth/sessions';
import type { PublicUser } from '$lib/server/auth/users';
import type { Sql } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import { ApiError } from '$lib/server/http/errors';
import {
	acceptInvite,
	acceptInviteWithNewAccount,
	createInvite,
	describeInvite,
	formatInviteCode,
	INVITE_ALPHABET,
	listInvites,
	newInviteCode,
	normalizeInviteCode,
	revokeInvite
} from './invites';
import { changeRole, listMembers, removeMember } from './members';
import { attachProject, listProjects } from './projects';
import type { Role } from './roles';

const t0 = new Date('2026-05-01T08:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (ms: number) => new Date(t0.getTime() + ms);


async function ownerWithProject(sql: Sql) {
	const { user } = await setupFirstAccount(sql, { email: 'eier@example.no', password: 'passord123', displayName: 'Eier' }, t0);
	const { project } = await attachProject(sql, user.id, { id: uuidv7(), name: 'Ungt utenforskap' }, t0);
	return { owner: user, projectId: project.id };
}

let counter = 0;
async function member(sql: Sql, projectId: string, ownerId: string, role: Role): Promise<PublicUser> {
	const invite = await createInvite(sql, { projectId, createdBy: ownerId, role }, t0);
	const n = ++counter;
	const joined = await acceptInviteWithNewAccount(
		sql,
		invite.code,
		{ email: `m${n}@example.no`, password: 'passord123', displayName: `Medlem ${n}` },
		t0
	);
	return joined.user;
}

it('makes invite codes from an alphabet without look-alikes', () => {
	const code = newInviteCode();
	expect(code).toHaveLength(8);
	for (const char of code) expect(INVITE_ALPHABET).toContain(char);
	expect(INVITE_ALPHABET).not.toMatch(/[01ILO]/);
	expect(normalizeInviteCode(` ${formatInviteCode(code).toLowerCase()} `)).toBe(code);
	expect(normalizeInviteCode('ABCD-EFG0')).toBeNull();
	expect(normalizeInviteCode('ABC')).toBeNull();
});

forEachEngine('projects', (db) => {
	it('attaches a device project with its own id, the caller as owner, idempotently', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		expect(await listProjects(db.sql, owner.id)).toEqual([
			{ id: projectId, name: 'Ungt utenforskap', role: 'owner', createdAt: t0.toISOString(), createdBy: owner.id }
		]);
		// A retry after a lost response: same answer, nothing changed (not even the name).
		const retry = await attachProject(db.sql, owner.id, { id: projectId, name: 'Nytt navn' }, at(1000));
		expect(retry).toMatchObject({ created: false, project: { id: projectId, name: 'Ungt utenforskap', role: 'owner' } });
		expect(await listMembers(db.sql, projectId)).toHaveLength(1);
	});

	it('never lets a non-member take over a project id', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		const outsider = await member(db.sql, (await attachProject(db.sql, owner.id, { id: uuidv7(), name: 'B' }, t0)).project.id, owner.id, 'researcher');
		const error = await rejection(attachProject(db.sql, outsider.id, { id: projectId, name: 'Kapret' }, t0));
		expect([error.status, error.code]).toEqual([409, 'project_exists']);
		expect((await listMembers(db.sql, projectId)).map((m) => m.userId)).toEqual([owner.id]);
		expect((await listProjects(db.sql, owner.id)).find((p) => p.id === projectId)?.name).toBe('Ungt utenforskap');
	});

	it('keeps at least one owner: the last owner can neither leave nor step down', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		const researcher = await member(db.sql, projectId, owner.id, 'researcher');
		expect((await rejection(changeRole(db.sql, projectId, owner.id, 'researcher'))).code).toBe('last_owner');
		expect((await rejection(removeMember(db.sql, projectId, owner.id))).code).toBe('last_owner');
		// With a second owner, the first may step down.
		expect((await changeRole(db.sql, projectId, researcher.id, 'owner')).role).toBe('owner');
		expect((await changeRole(db.sql, projectId, owner.id, 'reviewer')).role).toBe('reviewer');
		expect((await rejection(removeMember(db.sql, projectId, researcher.id))).code).toBe('last_owner');
		await removeMember(db.sql, projectId, owner.id);
		expect((await listMembers(db.sql, projectId)).map((m) => [m.userId, m.role])).toEqual([[researcher.id, 'owner']]);
		expect((await rejection(removeMember(db.sql, projectId, owner.id))).code).toBe('member_not_found');
	});

	it('does not lose the last owner when two owners step down at once', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		const second = await member(db.sql, projectId, owner.id, 'owner');
		const other = await db.storage.connect();
		const results = await Promise.allSettled([
			changeRole(db.sql, projectId, owner.id, 'researcher'),
			changeRole(other, projectId, second.id, 'researcher')
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const owners = (await listMembers(db.sql, projectId)).filter((m) => m.role === 'owner');
		expect(owners).toHaveLength(1);
	});
});

forEachEngine('invites', (db) => {
	it('adds a new account with the invite’s role, signed in, and is used once', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		const invite = await createInvite(db.sql, { projectId, createdBy: owner.id, role: 'reviewer' }, t0);
		expect(invite).toMatchObject({ role: 'reviewer', status: 'open', expiresAt: at(7 * DAY).toISOString() });
		expect(await describeInvite(db.sql, formatInviteCode(invite.code).toLowerCase(), t0)).toEqual({
			code: invite.code,
			projectId,
			projectName: 'Ungt utenforskap',
			role: 'reviewer',
			expiresAt: invite.expiresAt
		});
		const joined = await acceptInviteWithNewAccount(
			db.sql,
			invite.code,
			{ email: 'Ny@Example.no', password: 'passord123', displayName: 'Ny' },
			at(1000)
		);
		expect(joined).toMatchObject({ role: 'reviewer', project: { id: projectId, name: 'Ungt utenforskap' } });
		expect(joined.user.email).toBe('ny@example.no');
		expect((await validateSession(db.sql, joined.session.token, at(2000)))?.user.id).toBe(joined.user.id);
		expect(await listProjects(db.sql, joined.user.id)).toMatchObject([{ id: projectId, role: 'reviewer' }]);

		const used = await rejection(
			acceptInviteWithNewAccount(db.sql, invite.code, { email: 'to@example.no', password: 'passord123', displayName: 'To' }, at(3000))
		);
		expect([used.status, used.code]).toEqual([410, 'invite_used']);
		expect((await rejection(describeInvite(db.sql, invite.code, at(3000)))).code).toBe('invite_used');
		expect((await listInvites(db.sql, projectId, at(3000)))[0]).toMatchObject({ status: 'used', usedBy: joined.user.id });
		// Nothing of the refused account was written.
		expect(await db.sql.query(`SELECT 1 FROM users WHERE email = 'to@example.no'`)).toHaveLength(0);
	});

	it('expires', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		const invite = await createInvite(db.sql, { projectId, createdBy: owner.id, role: 'researcher', expiresInDays: 1 }, t0);
		expect((await describeInvite(db.sql, invite.code, at(DAY - 1))).role).toBe('researcher');
		const expired = await rejection(describeInvite(db.sql, invite.code, at(DAY)));
		expect([expired.status, expired.code]).toEqual([410, 'invite_expired']);
		const outsider = await member(db.sql, (await attachProject(db.sql, owner.id, { id: uuidv7(), name: 'B' }, t0)).project.id, owner.id, 'researcher');
		expect((await rejection(acceptInvite(db.sql, invite.code, outsider.id, at(DAY)))).code).toBe('invite_expired');
		expect((await listInvites(db.sql, projectId, at(DAY)))[0].status).toBe('expired');
	});

	it('lets a signed-in user join; a retry answers the same; a member cannot use up an invite', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		const other = await attachProject(db.sql, owner.id, { id: uuidv7(), name: 'B' }, t0);
		const user = await member(db.sql, other.project.id, owner.id, 'researcher');
		const invite = await createInvite(db.sql, { projectId, createdBy: owner.id, role: 'researcher' }, t0);
		expect(await acceptInvite(db.sql, invite.code, user.id, t0)).toEqual({
			project: { id: projectId, name: 'Ungt utenforskap' },
			role: 'researcher'
		});
		expect((await acceptInvite(db.sql, invite.code, user.id, t0)).role).toBe('researcher');
		const second = await createInvite(db.sql, { projectId, createdBy: owner.id, role: 'owner' }, t0);
		const already = await rejection(acceptInvite(db.sql, second.code, owner.id, t0));
		expect([already.status, already.code]).toEqual([409, 'already_member']);
		expect((await describeInvite(db.sql, second.code, t0)).role).toBe('owner');
	});

	it('refuses a taken e-mail without using the invite or writing anything', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		const invite = await createInvite(db.sql, { projectId, createdBy: owner.id, role: 'researcher' }, t0);
		const taken = await rejection(
			acceptInviteWithNewAccount(db.sql, invite.code, { email: 'EIER@example.no', password: 'passord123', displayName: 'X' }, t0)
		);
		expect([taken.status, taken.code]).toEqual([409, 'email_taken']);
		expect((await describeInvite(db.sql, invite.code, t0)).role).toBe('researcher');
		const [{ n }] = await db.sql.query<{ n: number }>('SELECT count(*) AS n FROM users');
		expect(n).toBe(1);
	});

	it('can be revoked by code, only within its project', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		const other = await attachProject(db.sql, owner.id, { id: uuidv7(), name: 'B' }, t0);
		const invite = await createInvite(db.sql, { projectId, createdBy: owner.id, role: 'researcher' }, t0);
		expect((await rejection(revokeInvite(db.sql, other.project.id, invite.code))).code).toBe('invite_not_found');
		await revokeInvite(db.sql, projectId, formatInviteCode(invite.code));
		expect((await rejection(describeInvite(db.sql, invite.code, t0))).status).toBe(404);
		expect((await rejection(describeInvite(db.sql, 'not a code', t0))).code).toBe('invite_not_found');
	});

	it('lets only one of two people racing for one invite in', async () => {
		const { owner, projectId } = await ownerWithProject(db.sql);
		const invite = await createInvite(db.sql, { projectId, createdBy: owner.id, role: 'researcher' }, t0);
		const other = await db.storage.connect();
		const results = await Promise.allSettled([
			acceptInviteWithNewAccount(db.sql, invite.code, { email: 'a@example.no', password: 'passord123', displayName: 'A' }, t0),
			acceptInviteWithNewAccount(other, invite.code, { email: 'b@example.no', password: 'passord123', displayName: 'B' }, t0)
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect((rejected.reason as ApiError).code).toBe('invite_used');
		expect(await listMembers(db.sql, projectId)).toHaveLength(2);
		const [{ n }] = await db.sql.query<{ n: number }>('SELECT count(*) AS n FROM users');
		expect(n).toBe(2);
	});
});
