import { api } from '$lib/account/api';
import type { Role } from '$lib/domain/permissions';
import type { ServerMember } from './team';

/** An invitation as the team page lists it (owners only). */
export interface ServerInvite {
	code: string;
	role: Role;
	status: 'open' | 'used' | 'expired';
	createdAt: string;
	expiresAt: string;
	usedBy: string | null;
}

const projectPath = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}`;

/** The team page's calls: invitations, roles and removals (the server checks that the caller is an owner). */
export const teamApi = {
	invites: async (projectId: string) => (await api<{ invites: ServerInvite[] }>(`${projectPath(projectId)}/invites`)).invites,
	revokeInvite: (projectId: string, code: string) =>
		api<{ ok: true }>(`${projectPath(projectId)}/invites/${encodeURIComponent(code)}`, { method: 'DELETE' }),
	changeRole: async (projectId: string, userId: string, role: Role) =>
		(
			await api<{ member: ServerMember }>(`${projectPath(projectId)}/members/${encodeURIComponent(userId)}`, {
				method: 'PATCH',
				body: JSON.stringify({ role })
			})
		).member,
	removeMember: (projectId: string, userId: string) =>
		api<{ ok: true }>(`${projectPath(projectId)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' })
};

/** Invitations someone can still use, soonest to expire first. */
export function openInvites(invites: readonly ServerInvite[]): ServerInvite[] {
	return invites.filter((i) => i.status === 'open').sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

/** Whether a member is the project's only owner: they can be neither demoted nor removed. */
export function isLastOwner(members: readonly Pick<ServerMember, 'userId' | 'role'>[], userId: string): boolean {
	const owners = members.filter((m) => m.role === 'owner');
	return owners.length === 1 && owners[0].userId === userId;
}

/** "ABCD-EFGH": how a code is read aloud and typed. */
export const displayInviteCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;
