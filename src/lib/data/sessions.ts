import type { Session } from '$lib/domain/session';
import type { LocalData } from './local';
import { wholeRows } from './wholeRows';

/** A project's sessions, newest first (by date, then by when they were made). */
export async function listSessions({ db }: Pick<LocalData, 'db'>, projectId: string): Promise<Session[]> {
	const rows = wholeRows('sessions', await db.sessions.where('[projectId+date]').between([projectId, ''], [projectId, '\uffff']).reverse().toArray());
	return rows.filter((s) => !s.deleted).sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id));
}
