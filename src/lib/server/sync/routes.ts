import { json, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '$lib/domain/permissions';
import { storage } from '$lib/server/db';
import { requireRole } from '$lib/server/http/auth';
import { apiError } from '$lib/server/http/errors';
import type { Member, Reply } from './handlers';

export const everyRole: readonly Role[] = ['owner', 'researcher', 'reviewer'];

/** The caller as a member of the project in the URL (401 signed out, 403 not a member). */
export async function member(event: RequestEvent, projectId: string): Promise<Member> {
	const { user, role } = await requireRole(event, projectId, everyRole);
	return { projectId, userId: user.id, role };
}

export const sql = storage;

export function reply(r: Reply): Response {
	return json(r.body, { status: r.status, headers: { 'cache-control': 'no-store', ...r.headers } });
}

/** Reads a body of raw bytes up to `limit`, refusing larger ones before reading them. */
export async function readBytes(event: RequestEvent, limit: number): Promise<Uint8Array> {
	const declared = Number(event.request.headers.get('content-length'));
	if (declared > limit) throw apiError(413, 'payload_too_large', `Send at most ${limit} bytes at a time.`);
	const bytes = new Uint8Array(await event.request.arrayBuffer());
	if (bytes.length > limit) throw apiError(413, 'payload_too_large', `Send at most ${limit} bytes at a time.`);
	return bytes;
}
