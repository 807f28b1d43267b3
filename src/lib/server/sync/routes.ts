import { json, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '$lib/domain/permissions';
import { storage } from '$lib/server/db';
import { requireRole } from '$lib/server/http/auth';
import { apiError } from '$lib/server/http/errors';
import { SYNC_FORMAT, SYNC_FORMAT_HEADER } from '$lib/sync/wire';
import { syncFormatRefusal, type Member, type Reply } from './handlers';

export const everyRole: readonly Role[] = ['owner', 'researcher', 'reviewer'];

/** The caller as a member of the project in the URL (401 signed out, 403 not a member). */
export async function member(event: RequestEvent, projectId: string): Promise<Member> {
	const { user, role } = await requireRole(event, projectId, everyRole);
	return { projectId, userId: user.id, role };
}

export const sql = storage;

export function reply(r: Reply): Response {
	return json(r.body, { status: r.status, headers: { ...syncHeaders, ...r.headers } });
}

/** Headers of every sync answer: never cached, and the server's sync format. */
export const syncHeaders: Record<string, string> = { 'cache-control': 'no-store', [SYNC_FORMAT_HEADER]: String(SYNC_FORMAT) };

/** Throws the 426/400 answer when the device's sync format is one this server does not speak. */
export function requireSyncFormat(event: RequestEvent): void {
	const refusal = syncFormatRefusal(event.request.headers.get(SYNC_FORMAT_HEADER));
	if (refusal) throw apiError(refusal.status, refusal.code, refusal.message);
}

/** Reads a body of raw bytes up to `limit`, refusing larger ones before reading them. */
export async function readBytes(event: RequestEvent, limit: number): Promise<Uint8Array> {
	const declared = Number(event.request.headers.get('content-length'));
	if (declared > limit) throw apiError(413, 'payload_too_large', `Send at most ${limit} bytes at a time.`);
	const bytes = new Uint8Array(await event.request.arrayBuffer());
	if (bytes.length > limit) throw apiError(413, 'payload_too_large', `Send at most ${limit} bytes at a time.`);
	return bytes;
}
