import type { Entry } from '$lib/domain/entry';
import type { Project } from '$lib/domain/project';
import type { Session } from '$lib/domain/session';
import { ValidationError } from '$lib/domain/validation';
import { isHlc, parseHlc } from '$lib/sync/hlc';
import { fieldClocksKey, type FieldClocks } from '$lib/sync/fieldClocks';
import type { FieldworkDb } from './db';
import type { Repositories } from './repositories';
import { wholeProjectRows, wholeRows } from './wholeRows';

/**
 * The bin (Papirkurv): deleted rows are tombstones (`deleted = 1`) and can be brought back
 * for `BIN_RETENTION_DAYS` after they were deleted. The server erases a tombstone's content
 * `PRUNE_HORIZON_HOURS` after it received the deletion (default 30 days, the same span; see
 * `server/sync/prune.ts`). The device counts from its own stamp of the deletion, which is
 * never later than the server's receipt of it, so the bin stops offering a restore before
 * the server can have pruned the row – a restore of pruned content would bring back a row
 * whose words are gone on the server.
 */
export const BIN_RETENTION_DAYS = 30;
export const BIN_RETENTION_MS = BIN_RETENTION_DAYS * 24 * 3600_000;

export interface BinWindow {
	/** When the row was deleted (ms since the epoch), from the stamp of its `deleted` value. */
	deletedAt: number;
	/** The last moment it can be restored; after it the item is gone for good. */
	goneAt: number;
	restorable: boolean;
}

/** The retention rule: restorable until `BIN_RETENTION_MS` after the deletion, not one moment longer. */
export function binWindow(deletedAt: number, now: number, retentionMs = BIN_RETENTION_MS): BinWindow {
	const goneAt = deletedAt + retentionMs;
	return { deletedAt, goneAt, restorable: now < goneAt };
}

/**
 * When a row was deleted: the stamp of its `deleted` field (kept per field for sync, on
 * this device or pulled from a colleague's), else the row's last stamp.
 */
export function deletedAtOf(clocks: FieldClocks | undefined, updatedAt: string): number {
	const stamp = clocks?.deleted ?? updatedAt;
	return isHlc(stamp) ? parseHlc(stamp).millis : 0;
}

export type BinTable = 'entries' | 'sessions' | 'projects';

export type BinItem =
	| ({ table: 'entries'; row: Entry } & BinWindow)
	| ({ table: 'sessions'; row: Session } & BinWindow)
	| ({ table: 'projects'; row: Project } & BinWindow);

async function windowsOf(db: FieldworkDb, table: BinTable, rows: { id: string; updatedAt: string }[], now: number): Promise<BinWindow[]> {
	const clocks = await db.syncState.bulkGet(rows.map((r) => fieldClocksKey(table, r.id)));
	return rows.map((r, i) => binWindow(deletedAtOf(clocks[i]?.value as FieldClocks | undefined, r.updatedAt), now));
}

/**
 * What the bin lists: the deleted evidence and sessions of a project (when one is given)
 * and every deleted project on this device, newest deletion first. Items past the window
 * are left out: they are gone for good (on the server they are, or soon will be, erased).
 */
export async function listBin(db: FieldworkDb, projectId: string | null, now: number): Promise<BinItem[]> {
	const items: BinItem[] = [];
	if (projectId) {
		const entries = (await wholeProjectRows(db, 'entries', projectId)).filter((e) => e.deleted);
		const sessions = (await wholeProjectRows(db, 'sessions', projectId)).filter((s) => s.deleted);
		(await windowsOf(db, 'entries', entries, now)).forEach((w, i) => items.push({ table: 'entries', row: entries[i], ...w }));
		(await windowsOf(db, 'sessions', sessions, now)).forEach((w, i) => items.push({ table: 'sessions', row: sessions[i], ...w }));
	}
	const projects = wholeRows('projects', await db.projects.toArray()).filter((p) => p.deleted);
	(await windowsOf(db, 'projects', projects, now)).forEach((w, i) => items.push({ table: 'projects', row: projects[i], ...w }));
	return items.filter((i) => i.restorable).sort((a, b) => b.deletedAt - a.deletedAt);
}

/**
 * Brings a deleted row back (clears `deleted`) – refused with `binExpired` once its window
 * has passed, so no screen can restore what the server may already have erased. The
 * repository's write guard refuses a role that may not delete (and so not restore) it.
 */
export async function restoreFromBin(db: FieldworkDb, repos: Repositories, table: BinTable, id: string, now: number): Promise<void> {
	const row = await repos[table].require(id);
	if (!row.deleted) return;
	const clocks = (await db.syncState.get(fieldClocksKey(table, id)))?.value as FieldClocks | undefined;
	if (!binWindow(deletedAtOf(clocks, row.updatedAt), now).restorable) throw new ValidationError([{ path: '', code: 'binExpired' }]);
	await repos[table].restore(id);
}
