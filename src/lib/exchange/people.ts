import type { ExportLabels } from './labels';
import { UniqueNames } from './fileName';
import type { ProjectSnapshot, SnapshotUser } from './snapshot';

/**
 * How an export names the people in it. A name comes from the snapshot's users
 * (the team cached on the device, or the server's members); someone this
 * device never learnt the name of is "Forsker 1", "Forsker 2" … – never their
 * id, which means nothing to a reader and is not for another tool to show.
 * Two people with one display name get a number, since QualCoder and others
 * tell coders apart by name.
 */
export function peopleNamer(users: readonly SnapshotUser[], ids: Iterable<string>, L: Pick<ExportLabels, 'unknownUser'>): (id: string) => string {
	// A "name" that is the id itself (a device whose user never gave a display name) is no name.
	const known = new Map(users.filter((u) => u.name.trim() && u.name.trim() !== u.id).map((u) => [u.id, u.name.trim()]));
	const unique = new UniqueNames();
	const names = new Map<string, string>();
	const all = [...new Set(ids)].sort();
	for (const id of all) if (known.has(id)) names.set(id, unique.next(known.get(id)!));
	let n = 0;
	const unknown = (id: string) => {
		let name = L.unknownUser(++n);
		while (unique.has(name)) name = L.unknownUser(++n);
		unique.reserve(name);
		names.set(id, name);
		return name;
	};
	for (const id of all) if (!names.has(id)) unknown(id);
	return (id) => names.get(id) ?? unknown(id);
}

/**
 * Everyone a project's rows name (authors, coders, reviewers), so the numbering of
 * people without a known name is the same in every export of the same snapshot.
 */
export function projectUserIds(s: Pick<ProjectSnapshot, 'project' | 'rows'>): string[] {
	const ids = new Set<string>([s.project.createdBy]);
	for (const rows of Object.values(s.rows) as { createdBy?: string; deleted?: 0 | 1 }[][])
		for (const r of rows) if (r.createdBy && !r.deleted) ids.add(r.createdBy);
	for (const c of s.rows.codings) if (!c.deleted) ids.add(c.coder);
	for (const t of s.rows.taggings) if (!t.deleted && t.taggedBy) ids.add(t.taggedBy);
	return [...ids];
}
