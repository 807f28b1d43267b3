import { PRESENCE_TTL_MS, type PresenceEntry } from '$lib/sync/presenceWire';

/** A report as this server holds it: with the sign-in session it came from, which the others never see. */
export interface HeldPresence extends PresenceEntry {
	session: string;
}

interface Held {
	entry: HeldPresence;
	expires: number;
}

/**
 * Who is where in each project, in this server's memory only. Every instance holds the
 * same board: a report is applied where it arrives and announced to the others (see
 * `LiveHub`), and each instance drops reports older than the TTL on its own clock.
 * Methods return whether anything others can see changed, so streams are told only then.
 */
export class PresenceBoard {
	private readonly byProject = new Map<string, Map<string, Held>>();

	constructor(
		private readonly now: () => number = Date.now,
		private readonly ttlMs = PRESENCE_TTL_MS
	) {}

	/** A tab's report (also its refresh). */
	put(projectId: string, entry: HeldPresence): boolean {
		const tabs = this.byProject.get(projectId) ?? new Map<string, Held>();
		this.byProject.set(projectId, tabs);
		const before = tabs.get(keyOf(entry.userId, entry.tab))?.entry;
		tabs.set(keyOf(entry.userId, entry.tab), { entry, expires: this.now() + this.ttlMs });
		return !before || !sameView(before, entry);
	}

	/** A tab left the project. Only its own member can say so: tabs are keyed by member, so a forged tab id moves nobody else. */
	remove(projectId: string, userId: string, tab: string): boolean {
		const tabs = this.byProject.get(projectId);
		const had = tabs?.delete(keyOf(userId, tab)) ?? false;
		if (tabs?.size === 0) this.byProject.delete(projectId);
		return had;
	}

	/** Drops every report that matches (a member removed, a session signed out); returns what went, by project. */
	removeWhere(match: (projectId: string, entry: HeldPresence, expires: number) => boolean): { projectId: string; userId: string; tab: string }[] {
		const gone: { projectId: string; userId: string; tab: string }[] = [];
		for (const [projectId, tabs] of this.byProject) {
			for (const held of tabs.values()) if (match(projectId, held.entry, held.expires)) gone.push({ projectId, userId: held.entry.userId, tab: held.entry.tab });
		}
		for (const { projectId, userId, tab } of gone) this.remove(projectId, userId, tab);
		return gone;
	}

	/** Drops reports not refreshed within the TTL; returns the projects whose presence changed. */
	sweep(): string[] {
		const now = this.now();
		const changed = new Set<string>();
		for (const { projectId } of this.removeWhere((_projectId, _entry, expires) => expires <= now)) {
			changed.add(projectId);
		}
		return [...changed];
	}

	/** Who is in the project now, as the others may see it (no sign-in sessions), by name. */
	list(projectId: string): PresenceEntry[] {
		const now = this.now();
		return [...(this.byProject.get(projectId)?.values() ?? [])]
			.filter((held) => held.expires > now)
			.map(({ entry: { session: _session, ...visible } }) => visible)
			.sort((a, b) => a.name.localeCompare(b.name, 'nb') || a.tab.localeCompare(b.tab));
	}

	clear(): void {
		this.byProject.clear();
	}
}

function keyOf(userId: string, tab: string): string {
	return `${userId} ${tab}`;
}

function sameView(a: PresenceEntry, b: PresenceEntry): boolean {
	return a.screen === b.screen && a.target === b.target && a.dragging === b.dragging && a.presenting === b.presenting && JSON.stringify(a.cursor) === JSON.stringify(b.cursor) && a.name === b.name && a.userId === b.userId;
}
