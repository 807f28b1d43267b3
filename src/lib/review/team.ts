import type { Role } from '$lib/domain/permissions';
import type { Member } from './mentions';

export interface ServerMember {
	userId: string;
	displayName: string;
	email: string;
	role: Role;
}

/**
 * Who can be mentioned and named in review work: the project's members on the
 * server (when known), the researchers named on its sessions (so a team works
 * offline, before anyone signs in), and this device's own user. Session
 * researchers are names only; their id is `name:<name>`.
 */
export function teamMembers(input: {
	self: { userId: string; displayName: string };
	selfFallbackName: string;
	serverMembers: readonly ServerMember[];
	sessionResearchers: readonly string[];
}): Member[] {
	const out: Member[] = [];
	const names = new Set<string>();
	const add = (id: string, name: string) => {
		const key = name.trim().toLowerCase();
		if (!key || names.has(key) || out.some((m) => m.id === id)) return;
		names.add(key);
		out.push({ id, name: name.trim() });
	};
	add(input.self.userId, input.self.displayName || input.selfFallbackName);
	for (const m of input.serverMembers) add(m.userId, m.displayName || m.email);
	for (const r of input.sessionResearchers) add(`name:${r.trim()}`.slice(0, 64), r);
	return out;
}

/** A person's name for display: a known member's name, or null when unknown. */
export function memberName(members: readonly Member[], id: string | null | undefined): string | null {
	if (!id) return null;
	return members.find((m) => m.id === id)?.name ?? (id.startsWith('name:') ? id.slice(5) : null);
}
