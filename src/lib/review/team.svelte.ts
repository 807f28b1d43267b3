import { accountApi } from '$lib/account/api';
import { localData } from '$lib/data/local';
import { isLinked } from '$lib/sync/links';
import { setReviewRole } from './role.svelte';
import { live } from '$lib/data/live.svelte';
import { memberName, teamMembers, type ServerMember } from './team';
import { sessionResearchers } from './queries';

const cacheKey = (projectId: string) => `feltinnsikt.review.members.${projectId}`;

/** The project's members as the server last listed them (kept on the device for offline use). */
export const serverTeam = $state<{ projectId: string | null; members: ServerMember[]; self: string | null }>({
	projectId: null,
	members: [],
	self: null
});

function adopt(projectId: string, members: ServerMember[], self: string) {
	serverTeam.projectId = projectId;
	serverTeam.members = members;
	serverTeam.self = self;
	// The review screens follow this member's role (reviewers never edit evidence).
	setReviewRole(members.find((m) => m.userId === self)?.role ?? 'researcher');
}

/**
 * Loads the project's members: first the copy kept on this device, then – when
 * the project is shared to a server that answers – a fresh list. Best effort:
 * offline, or for a project only on this tablet, the cached (or empty) list stays.
 */
export async function refreshServerTeam(projectId: string): Promise<void> {
	const data = await localData();
	const self = data.identity.userId;
	let cached: ServerMember[];
	try {
		cached = JSON.parse(localStorage.getItem(cacheKey(projectId)) ?? '[]') as ServerMember[];
	} catch {
		cached = [];
	}
	adopt(projectId, Array.isArray(cached) ? cached : [], self);
	if (!(await isLinked(data.db, projectId))) return;
	try {
		const { members } = await accountApi.members(projectId);
		localStorage.setItem(cacheKey(projectId), JSON.stringify(members));
		if (serverTeam.projectId === projectId) adopt(projectId, members, self);
	} catch {
		// Offline or signed out: the cached list is what we know.
	}
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
			return memberName(members, id) ?? `${labels.someone()} (${id.slice(-4)})`;
		}
	};
}
