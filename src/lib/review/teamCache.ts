import { z } from 'zod';
import { roles, type Role } from '$lib/domain/permissions';
import type { ServerMember } from './team';

/** A project's members as this device last learnt them from the server. */
export interface TeamCache {
	members: ServerMember[];
}

const teamCacheSchema = z.object({
	members: z.array(
		z.object({
			userId: z.string().min(1),
			displayName: z.string(),
			email: z.string(),
			role: z.enum(roles)
		})
	)
});

/** The settings key of a project's cached team. */
export const teamCacheKey = (projectId: string) => `team:${projectId}`;

/** A stored team, or null when what is stored is not one (an older or damaged value). */
export function parseTeamCache(value: unknown): TeamCache | null {
	const parsed = teamCacheSchema.safeParse(value);
	return parsed.success ? parsed.data : null;
}

/** The role of `userId` in a cached team; null when the team or the member is unknown. */
export function roleOf(cache: Pick<TeamCache, 'members'> | undefined, userId: string): Role | null {
	return cache?.members.find((m) => m.userId === userId)?.role ?? null;
}
