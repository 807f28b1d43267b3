import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { announceSetupCode } from '$lib/server/auth/setupCode';
import { useStorageForTests } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import type { ApiErrorBody } from '$lib/server/http/errors';
import { apiClient, type ApiClient } from '$lib/server/http/testing';
import * as setup from '../../../routes/api/auth/setup/+server';
import * as describeInvite from '../../../routes/api/invites/[code]/+server';
import * as acceptInvite from '../../../routes/api/invites/[code]/accept/+server';
import * as projects from '../../../routes/api/projects/+server';
import * as invites from '../../../routes/api/projects/[projectId]/invites/+server';
import * as invite from '../../../routes/api/projects/[projectId]/invites/[code]/+server';
import * as members from '../../../routes/api/projects/[projectId]/members/+server';
import * as member from '../../../routes/api/projects/[projectId]/members/[userId]/+server';

// The team page's rules, through the real handlers: only owners list and revoke
// invitations and change or remove members; a project never loses its last owner; a
// revoked or mistyped code is "not found", a used one "used".

const SETUP_CODE = 'TEAM-SETUP-CODE';
const code = (r: { body: unknown }) => (r.body as ApiErrorBody).error.code;

forEachEngine('team API rules', (db) => {
	beforeEach(async () => {
		useStorageForTests(db.sql);
		await announceSetupCode(db.sql, { SETUP_CODE }, () => {});
	});
	afterEach(() => useStorageForTests(null));

	async function team() {
		const owner = apiClient();
		const created = await owner.json<{ user: { id: string } }>(setup.POST, {
			method: 'POST',
			path: '/api/auth/setup',
			body: { email: 'eier@example.no', password: 'et langt eierpassord', displayName: 'Eier', setupCode: SETUP_CODE }
		});
		const projectId = uuidv7();
		expect((await owner.json(projects.POST, { method: 'POST', path: '/api/projects', body: { id: projectId, name: 'Ungt utenforskap' } })).status).toBe(201);
		const join = async (role: 'researcher' | 'reviewer', email: string) => {
			const made = await newInvite(owner, projectId, role);
			const client = apiClient();
			const joined = await client.json<{ user: { id: string } }>(acceptInvite.POST, {
				method: 'POST',
				path: `/api/invites/${made}/accept`,
				params: { code: made },
				body: { email, password: 'et langt medlemspassord', displayName: email.split('@')[0] }
			});
			expect(joined.status).toBe(201);
			return { client, id: joined.body.user.id, inviteCode: made };
		};
		return { owner, ownerId: created.body.user.id, projectId, join };
	}

	async function newInvite(client: ApiClient, projectId: string, role: string): Promise<string> {
		const made = await client.json<{ code: string }>(invites.POST, { method: 'POST', path: `/api/projects/${projectId}/invites`, params: { projectId }, body: { role } });
		expect(made.status).toBe(201);
		return made.body.code;
	}

	const memberCall = (client: ApiClient, projectId: string, userId: string, method: 'PATCH' | 'DELETE', body?: unknown) =>
		client.json(method === 'PATCH' ? member.PATCH : member.DELETE, {
			method,
			path: `/api/projects/${projectId}/members/${userId}`,
			params: { projectId, userId },
			body
		});

	it('lets only owners list and revoke invitations and change roles', async () => {
		const { owner, projectId, join } = await team();
		const reviewer = await join('reviewer', 'cato@example.no');
		const open = await newInvite(owner, projectId, 'researcher');

		const listed = await owner.json<{ invites: { code: string; role: string; status: string }[] }>(invites.GET, { path: `/api/projects/${projectId}/invites`, params: { projectId } });
		expect(listed.body.invites.map((i) => [i.code, i.role, i.status]).sort()).toEqual(
			[[open, 'researcher', 'open'], [reviewer.inviteCode, 'reviewer', 'used']].sort()
		);

		expect((await reviewer.client.json(invites.GET, { path: `/api/projects/${projectId}/invites`, params: { projectId } })).status).toBe(403);
		const revokeAsReviewer = await reviewer.client.json(invite.DELETE, { method: 'DELETE', path: `/api/projects/${projectId}/invites/${open}`, params: { projectId, code: open } });
		expect(revokeAsReviewer.status).toBe(403);
		expect((await memberCall(reviewer.client, projectId, reviewer.id, 'PATCH', { role: 'owner' })).status).toBe(403);

		// Revoked, the code is gone: not found, as a mistyped code; a used one says used.
		expect((await owner.json(invite.DELETE, { method: 'DELETE', path: `/api/projects/${projectId}/invites/${open}`, params: { projectId, code: open } })).status).toBe(200);
		const revoked = await apiClient().json(describeInvite.GET, { path: `/api/invites/${open}`, params: { code: open } });
		expect([revoked.status, code(revoked)]).toEqual([404, 'invite_not_found']);
		const typo = await apiClient().json(describeInvite.GET, { path: '/api/invites/ABCD-EFGH', params: { code: 'ABCD-EFGH' } });
		expect([typo.status, code(typo)]).toEqual([404, 'invite_not_found']);
		const used = await apiClient().json(describeInvite.GET, { path: `/api/invites/${reviewer.inviteCode}`, params: { code: reviewer.inviteCode } });
		expect([used.status, code(used)]).toEqual([410, 'invite_used']);

		// The owner makes the reviewer a researcher.
		const changed = await memberCall(owner, projectId, reviewer.id, 'PATCH', { role: 'researcher' });
		expect(changed.body).toMatchObject({ member: { userId: reviewer.id, role: 'researcher' } });
	});

	it('never leaves a project without an owner, and lets a member leave', async () => {
		const { owner, ownerId, projectId, join } = await team();
		const researcher = await join('researcher', 'ola@example.no');
		const reviewer = await join('reviewer', 'cato@example.no');

		const demote = await memberCall(owner, projectId, ownerId, 'PATCH', { role: 'researcher' });
		expect([demote.status, code(demote)]).toEqual([409, 'last_owner']);
		const leave = await memberCall(owner, projectId, ownerId, 'DELETE');
		expect([leave.status, code(leave)]).toEqual([409, 'last_owner']);
		// A researcher may not remove anyone else, but may leave.
		expect((await memberCall(researcher.client, projectId, reviewer.id, 'DELETE')).status).toBe(403);
		expect((await memberCall(researcher.client, projectId, researcher.id, 'DELETE')).status).toBe(200);

		// With a second owner, the first may step down and be removed.
		expect((await memberCall(owner, projectId, reviewer.id, 'PATCH', { role: 'owner' })).status).toBe(200);
		expect((await memberCall(reviewer.client, projectId, ownerId, 'DELETE')).status).toBe(200);
		const left = await reviewer.client.json<{ members: { userId: string; role: string }[] }>(members.GET, { path: `/api/projects/${projectId}/members`, params: { projectId } });
		expect(left.body.members.map((m) => [m.userId, m.role])).toEqual([[reviewer.id, 'owner']]);
		const gone = await memberCall(reviewer.client, projectId, researcher.id, 'PATCH', { role: 'reviewer' });
		expect([gone.status, code(gone)]).toEqual([404, 'member_not_found']);
	});
});
