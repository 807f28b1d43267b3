import { z } from 'zod';
import type { SqlClient } from './sql';

/**
 * Quarantine: an owner takes a stored note update out of use – one stored
 * before the server checked updates, or one that passes the check and still
 * harms the note. The change stays in the log, so every cursor and sequence
 * number stays valid; what changes is that the server's exports and backups
 * leave it out, and a pull does not serve it again (see `pull.ts`). Devices
 * that already hold it open the note regardless: every reader applies stored
 * updates one by one and skips what it cannot apply.
 */
export const quarantineBody = z.object({ opId: z.string().min(1).max(64) });

export interface Quarantined {
	opId: string;
	noteId: string;
}

/** Marks the update; null when the project has no note update with that op id. Quarantining twice is a no-op. */
export async function quarantineNoteUpdate(sql: SqlClient, input: { projectId: string; opId: string; userId: string }): Promise<Quarantined | null> {
	const [found] = await sql.query<{ row_id: string }>(
		`select row_id from changes where project_id = $1 and op_id = $2 and tbl = 'noteUpdates'`,
		[input.projectId, input.opId]
	);
	if (!found) return null;
	await sql.query(
		`insert into quarantined_note_updates (op_id, project_id, note_id, quarantined_by)
		 values ($1, $2, $3, $4) on conflict (op_id) do nothing`,
		[input.opId, input.projectId, found.row_id, input.userId]
	);
	return { opId: input.opId, noteId: found.row_id };
}

/** The op ids of a project's quarantined note updates. */
export async function quarantinedUpdates(sql: SqlClient, projectId: string): Promise<Set<string>> {
	const rows = await sql.query<{ op_id: string }>('select op_id from quarantined_note_updates where project_id = $1', [projectId]);
	return new Set(rows.map((r) => r.op_id));
}
