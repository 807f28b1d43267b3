import { SvelteMap } from 'svelte/reactivity';
import { accountApi } from '$lib/account/api';
import { localData, type LocalData } from '$lib/data/local';
import { setWritePolicy } from '$lib/data/repository';
import { mayWrite } from '$lib/domain/permissions';
import { isLinked } from '$lib/sync/links';
import { setReviewRole } from './role.svelte';
import { live } from '$lib/data/live.svelte';
import { memberName, teamMembers, type ServerMember } from './team';
import { parseTeamCache, roleOf, teamCacheKey, type TeamCache } from './teamCache';
import { sessionResearchers } from './queries';

/** The project's members as the server last listed them (kept on the device for offline use). */
export const serverTeam = $state<{ projectId: string | null; members: ServerMember[]; self: string | null }>({
	projectId: null,
	members: [],
	self: null
});

/**
 * Every project's last known member list, in memory (reactive, so names appear as soon as
 * they are known) for the synchronous write guard and name look-ups, and in the device's settings table so it holds offline, across reloads
 * and after a restore.
 */
const known = new SvelteMap<string, TeamCache>();
let loading: Promise<LocalData> | undefined;

/**
 * Opens the cached teams once and installs the write guard: a repository write the
 * member's role may not make is refused on the device (no screen can queue it).
 */
function loadTeams(): Promise<LocalData> {
	loading ??= (async () => {
		const data = await localData();
		const rows = await data.db.settings.where(':id').startsWith(teamCacheKey('')).toArray();
		for (const row of rows) {
			const cache = parseTeamCache(row.value);
			if (cache) known.set(row.key.slice(teamCacheKey('').length), cache);
		}
		setWritePolicy(data.ctx, (projectId, table, field) => {
			const role = roleOf(known.get(projectId), data.identity.userId);
			return role === null || mayWrite(role, table, field);
		});
		return data;
	})();
	return loading;
}

function adopt(projectId: string, members: ServerMember[], self: string) {
	serverTeam.projectId = projectId;
	serverTeam.members = members;
	serverTeam.self = self;
	// Every screen follows this member's role (reviewers never edit evidence or notes).
	setReviewRole(roleOf({ members }, self) ?? 'researcher');
}

/**
 * The member's role in a project as this device knows it, once the cached teams are read:
 * screens that would write on opening (the note editor) wait for it.
 */
export async function knownRole(projectId: string) {
	const data = await loadTeams();
	return roleOf(known.get(projectId), data.identity.userId);
}

/** A colleague's display name from the cached team, or null when not known. */
export function cachedMemberName(projectId: string, userId: string): string | null {
	const member = known.get(projectId)?.members.find((m) => m.userId === userId);
	return member ? member.displayName || member.email : null;
}

/**
 * A resolver from user id to a name for exports and filters: the cached team, then this
 * device's own user, else the id itself (an export must name someone).
 */
export async function memberNameResolver(projectId: string): Promise<(userId: string) => string> {
	const data = await loadTeams();
	return (userId) =>
		cachedMemberName(projectId, userId) ?? (userId === data.identity.userId && data.identity.displayName ? data.identity.displayName : userId);
}

/**
 * Everyone an export names (`<User name>`, CSV `createdBy`): the cached team with this
 * device's own user, so a tablet's export names colleagues, not ids.
 */
export async function snapshotUsers(projectId: string): Promise<{ id: string; name: string }[]> {
	const data = await loadTeams();
	const users = (known.get(projectId)?.members ?? []).map((m) => ({ id: m.userId, name: m.displayName || m.email }));
	if (!users.some((u) => u.id === data.identity.userId)) {
		users.push({ id: data.identity.userId, name: data.identity.displayName || data.identity.userId });
	}
	return users;
}

/**
 * Loads the project's members: first the copy kept on this device, then – when
 * the project is shared to a server that answers – a fresh list. Best effort:
 * offline, or for a project only on this tablet, the cached (or empty) list stays.
 */
export async function refreshServerTeam(projectId: string): Promise<void> {
	const data = await loadTeams();
	const self = data.identity.userId;
	adopt(projectId, known.get(projectId)?.members ?? [], self);
	// A restored project on a new tablet is not linked yet, but a signed-in member's server still names the team.
	if (!(await isLinked(data.db, projectId)) && !data.identity.signedIn) return;
	try {
		const { members } = await accountApi.members(projectId);
		await rememberTeam(data, projectId, members);
		if (serverTeam.projectId === projectId) adopt(projectId, members, self);
	} catch {
		// Offline or signed out: the cached list is what we know.
	}
}

async function rememberTeam(data: LocalData, projectId: string, members: ServerMember[]): Promise<void> {
	const cache: TeamCache = { members: members.map(({ userId, displayName, email, role }) => ({ userId, displayName, email, role })) };
	known.set(projectId, cache);
	await data.db.settings.put({ key: teamCacheKey(projectId), value: cache });
}

/** After the team page changed members or roles: the device's copy follows at once. */
export async function teamChanged(projectId: string, members: ServerMember[]): Promise<void> {
	const data = await loadTeams();
	await rememberTeam(data, projectId, members);
	if (serverTeam.projectId === projectId) adopt(projectId, members, data.identity.userId);
}

/**
 * The team as a component sees it: members to mention and name (server members,
 * session researchers and this device's user), who "I" am, and a display name
 * for any user id. Call from a component's script.
 */
export function useTeam(projectId: () => string, labels: { me: () => string; someone: () => string }) {
	const researchers = live((data, id) => sessionResearchers(data, id), [] as string[], projectId);
	let self = $state<{ userId: string; displayName: string }>({ userId: '', displayName: '' });
	$effect(() => {
		const id = projectId();
		void localData().then((data) => {
			self = { userId: data.identity.userId, displayName: data.identity.displayName };
		});
		void refreshServerTeam(id);
	});
	const members = $derived(
		teamMembers({
			self,
			selfFallbackName: labels.me(),
			serverMembers: serverTeam.projectId === projectId() ? serverTeam.members : [],
			sessionResearchers: researchers.current
		}).filter((m) => m.id)
	);
	return {
		get members() {
			return members;
		},
		get self() {
			return self.userId;
		},
		/** Others to mention (not oneself). */
		get others() {
			return members.filter((m) => m.id !== self.userId);
		},
		label(id: string | null | undefined): string {
			if (!id) return labels.someone();
			if (id === self.userId) return self.displayName || labels.me();
			return memberName(members, id) ?? cachedMemberName(projectId(), id) ?? `${labels.someone()} (${id.slice(-4)})`;
		}
	};
}
