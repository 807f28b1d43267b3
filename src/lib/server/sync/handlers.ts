import { z } from 'zod';
import type { Role } from '$lib/domain/permissions';
import { pushChanges } from './changeLog';
import { MAX_PULL_CHANGES, pullChanges } from './pull';
import type { SqlClient } from './sql';
import { OLDEST_SYNC_FORMAT, pushRequestSchema, SYNC_FORMAT } from '$lib/sync/wire';

/** Who is asking, already authenticated and checked for membership by the route. */
export interface Member {
	projectId: string;
	userId: string;
	role: Role;
}

export interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export const error = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): Reply => ({
	status,
	body: { error: { code, message, ...extra } }
});

/**
 * The device's sync format (`x-sync-format`), or the refusal to send it: 426 for a device
 * too old for this server (it must update, and says so), 400 for one newer than the
 * server (whoever runs the server must update it). No header is a device from before
 * formats were numbered: format 1.
 */
export function syncFormatRefusal(header: string | null): { status: number; code: string; message: string } | null {
	const format = header === null ? 1 : /^\d{1,4}$/.test(header.trim()) ? Number(header) : NaN;
	if (Number.isNaN(format)) return { status: 400, code: 'invalid_input', message: '`x-sync-format` must be a whole number.' };
	if (format < OLDEST_SYNC_FORMAT)
		return { status: 426, code: 'client_outdated', message: `This app speaks sync format ${format}; the server needs ${OLDEST_SYNC_FORMAT} or newer. Update the app.` };
	if (format > SYNC_FORMAT)
		return { status: 400, code: 'server_outdated', message: `This server speaks sync format ${SYNC_FORMAT} and the app ${format}. The server needs an update.` };
	return null;
}

/** Refusals of single changes are part of a normal answer (200): the device keeps them aside and goes on. */
export async function handlePush(sql: SqlClient, member: Member, body: unknown): Promise<Reply> {
	const parsed = pushRequestSchema.safeParse(body);
	if (!parsed.success) return error(400, 'invalid_input', 'The push is not a list of valid changes.', { issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })) });
	return { status: 200, body: await pushChanges(sql, { ...member, changes: parsed.data.changes }) };
}

const pullQuery = z.object({
	after: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(MAX_PULL_CHANGES).default(MAX_PULL_CHANGES),
	/** The asking device's HLC node id: its own changes are not sent back. */
	node: z.string().regex(/^[0-9a-z-]{1,64}$/).optional()
});

export async function handlePull(sql: SqlClient, member: Member, params: URLSearchParams): Promise<Reply> {
	const parsed = pullQuery.safeParse(Object.fromEntries(params));
	if (!parsed.success) return error(400, 'invalid_input', '`after` must be a sequence number (and `node` a device id).');
	return { status: 200, body: await pullChanges(sql, member.projectId, parsed.data.after, parsed.data.limit, { skipNode: parsed.data.node }) };
}
