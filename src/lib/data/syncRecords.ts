import { linkedProjects } from '$lib/sync/links';
import { isUploadedTo, type StoredBlob } from '$lib/domain/attachment';
import type { FieldworkDb, HistoryRecord, RejectedRecord, SetAsideRecord } from './db';

/** Changes made on this device not yet acknowledged by a server: field changes and note updates. */
export async function pendingChangeCount(db: FieldworkDb): Promise<number> {
	return (await db.outbox.count()) + (await db.noteUpdates.where('synced').equals(0).count());
}

/**
 * The header's view of sync: whether the project at hand is shared with a server (with none
 * chosen: whether any is), how many changes of shared projects the server has not
 * acknowledged, and how many of their photos and recordings it does not hold yet. Sync
 * runs for the whole device, so every shared project's waiting work counts; a project only
 * on this device has nothing waiting for a server. "Everything on the server" is said only
 * when both are 0: a field trip must not start with an interview recording still here.
 * `files` is counted only when `pending` is 0 (0 otherwise).
 */
export async function projectSyncState(db: FieldworkDb, projectId: string | null): Promise<{ shared: boolean; pending: number; files: number }> {
	const linked = (await linkedProjects(db)).map((l) => l.projectId);
	const shared = projectId ? linked.includes(projectId) : linked.length > 0;
	if (!shared) return { shared: false, pending: 0, files: 0 };
	const changes = await db.outbox.where('projectId').anyOf(linked).count();
	const ids = new Set(linked);
	const updates = await db.noteUpdates.where('synced').equals(0).filter((u) => ids.has(u.projectId)).count();
	const pending = changes + updates;
	// The header names waiting changes first, so the attachments are only counted when none wait:
	// while someone types, no keystroke's recount reads the blob rows (the bytes, where stored as bytes).
	return { shared: true, pending, files: pending > 0 ? 0 : await unsentFileCount(db, linked) };
}

/** Attachments of `projectIds` whose bytes are on this device and not yet on their project's server. */
export async function unsentFileCount(db: FieldworkDb, projectIds: readonly string[]): Promise<number> {
	const attachments = (await db.attachments.where('projectId').anyOf([...projectIds]).toArray()).filter((a) => !a.deleted);
	if (attachments.length === 0) return 0;
	const blobs = new Map<string, StoredBlob>();
	for (const blob of await db.blobs.bulkGet([...new Set(attachments.map((a) => a.sha256))])) if (blob) blobs.set(blob.sha256, blob);
	const unsent = new Set<string>();
	for (const a of attachments) {
		const blob = blobs.get(a.sha256);
		if (blob && !isUploadedTo(blob, a.projectId)) unsent.add(`${a.projectId}/${a.sha256}`);
	}
	return unsent.size;
}

/** One shared project's work the server has not acknowledged yet. */
export interface ProjectPending {
	projectId: string;
	name: string;
	pending: number;
}

/**
 * Work not yet on the server, per project that syncs (linked to a server), by name. A
 * project only on this device has nothing waiting for a server – its changes are not
 * "unsynced", they are where they belong – so it is not counted.
 */
export async function pendingByProject(db: FieldworkDb): Promise<ProjectPending[]> {
	const links = await linkedProjects(db);
	const projects = await db.projects.bulkGet(links.map((l) => l.projectId));
	const rows = await Promise.all(
		links.map(async (link, i) => {
			const changes = await db.outbox.where('projectId').equals(link.projectId).count();
			const updates = await db.noteUpdates.where('projectId').equals(link.projectId).filter((u) => u.synced === 0).count();
			const project = projects[i];
			return { projectId: link.projectId, name: project && !project.deleted ? project.name : '', pending: changes + updates };
		})
	);
	return rows.sort((a, b) => a.name.localeCompare(b.name, 'nb') || a.projectId.localeCompare(b.projectId));
}

/**
 * What sync kept aside for people to see: refused changes, the latest conflicts, and
 * the work of shared projects still waiting for the server (`pending` is their sum).
 */
export async function syncRecords(
	db: FieldworkDb
): Promise<{ pending: number; projects: ProjectPending[]; rejected: RejectedRecord[]; history: HistoryRecord[] }> {
	const projects = await pendingByProject(db);
	return {
		pending: projects.reduce((sum, p) => sum + p.pending, 0),
		projects,
		rejected: await db.rejected.toArray(),
		history: await db.history.orderBy('id').reverse().limit(50).toArray()
	};
}

/** Pulled changes this device could not apply, newest first (shown under Settings → Sync). */
export async function setAsideRecords(db: FieldworkDb): Promise<SetAsideRecord[]> {
	return (await db.setAside.toArray()).sort((a, b) => b.at.localeCompare(a.at) || a.opId.localeCompare(b.opId));
}
