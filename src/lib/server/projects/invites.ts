import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { createAccount, type NewAccount, type SignedIn } from '$lib/server/auth/accounts';
import { hashPassword } from '$lib/server/auth/password';
import { createSession } from '$lib/server/auth/sessions';
import { isUniqueViolation, type Sql } from '$lib/server/db';
import { apiError } from '$lib/server/http/errors';
import { roleSchema, type Role } from './roles';

/**
 * Invites: a short code someone can read aloud or type from a screen – 8 characters from an
 * alphabet without look-alikes (no 0/O, 1/I/L), ~40 bits – valid for 7 days (1–30 on
 * request), used once. Shown grouped as `ABCD-EFGH`; typed in any case, with or without the
 * dash or spaces.
 */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 8;
export const INVITE_TTL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export function newInviteCode(): string {
	let code = '';
	for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
	return code;
}

/** The stored form of a typed code, or null when it cannot be one. */
export function normalizeInviteCode(input: string): string | null {
	const code = input.replace(/[\s-]/g, '').toUpperCase();
	if (code.length !== INVITE_CODE_LENGTH) return null;
	for (const char of code) if (!INVITE_ALPHABET.includes(char)) return null;
	return code;
}

export function formatInviteCode(code: string): string {
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export const createInviteBody = z.object({
	role: roleSchema.default('researcher'),
	expiresInDays: z.number().int().min(1).max(30).default(INVITE_TTL_DAYS)
});

export type InviteStatus = 'open' | 'used' | 'expired';

export interface InviteView {
	code: string;
	role: Role;
	status: InviteStatus;
	createdAt: string;
	createdBy: string;
	expiresAt: string;
	usedBy: string | null;
	usedAt: string | null;
}

interface InviteRow {
	code: string;
	project_id: string;
	role: Role;
	created_by: string;
	created_at: Date;
	expires_at: Date;
	used_by: string | null;
	used_at: Date | null;
}

function statusOf(row: InviteRow, now: Date): InviteStatus {
	if (row.used_at) return 'used';
	return row.expires_at <= now ? 'expired' : 'open';
}

function view(row: InviteRow, now: Date): InviteView {
	return {
		code: row.code,
		role: row.role,
		status: statusOf(row, now),
		createdAt: row.created_at.toISOString(),
		createdBy: row.created_by,
		expiresAt: row.expires_at.toISOString(),
		usedBy: row.used_by,
		usedAt: row.used_at?.toISOString() ?? null
	};
}

export async function createInvite(
	sql: Sql,
	input: { projectId: string; createdBy: string; role: Role; expiresInDays?: number },
	now: Date = new Date()
): Promise<InviteView> {
	const expiresAt = new Date(now.getTime() + (input.expiresInDays ?? INVITE_TTL_DAYS) * DAY_MS);
	return sql.transaction(async (tx) => {
		for (let attempt = 0; ; attempt++) {
			try {
				const rows = await tx.transaction((inner) =>
					inner.query<InviteRow>(
						`INSERT INTO invites (code, project_id, role, created_by, created_at, expires_at)
						VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
						[newInviteCode(), input.projectId, input.role, input.createdBy, now, expiresAt]
					)
				);
				return view(rows[0], now);
			} catch (error) {
				if (!isUniqueViolation(error) || attempt >= 4) throw error;
			}
		}
	});
}

export async function listInvites(sql: Sql, projectId: string, now: Date = new Date()): Promise<InviteView[]> {
	const rows = await sql.query<InviteRow>(
		'SELECT * FROM invites WHERE project_id = $1 ORDER BY created_at DESC, code',
		[projectId]
	);
	return rows.map((row) => view(row, now));
}

/** Deletes an invite of this project (used ones too: the membership stays). */
export async function revokeInvite(sql: Sql, projectId: string, code: string): Promise<void> {
	const normalized = normalizeInviteCode(code);
	const rows = normalized
		? await sql.query('DELETE FROM invites WHERE code = $1 AND project_id = $2 RETURNING code', [normalized, projectId])
		: [];
	if (rows.length === 0) throw inviteNotFound();
}

function inviteNotFound() {
	return apiError(404, 'invite_not_found', 'There is no invite with this code. Check it, or ask for a new one.');
}

async function usableInvite(sql: Sql, code: string, now: Date, { lock = false } = {}): Promise<InviteRow & { project_name: string }> {
	const normalized = normalizeInviteCode(code);
	if (!normalized) throw inviteNotFound();
	const rows = await sql.query<InviteRow & { project_name: string }>(
		`SELECT i.*, p.name AS project_name FROM invites i JOIN projects p ON p.id = i.project_id
		WHERE i.code = $1 ${lock ? 'FOR UPDATE OF i' : ''}`,
		[normalized]
	);
	const row = rows[0];
	if (!row) throw inviteNotFound();
	return row;
}

function assertOpen(row: InviteRow, now: Date): void {
	const status = statusOf(row, now);
	if (status === 'used') throw apiError(410, 'invite_used', 'This invite has been used. Ask for a new one.');
	if (status === 'expired') throw apiError(410, 'invite_expired', 'This invite has expired. Ask for a new one.');
}

/** What the join screen shows: project name and role (nothing secret). */
export interface InviteInfo {
	code: string;
	projectId: string;
	projectName: string;
	role: Role;
	expiresAt: string;
}

export async function describeInvite(sql: Sql, code: string, now: Date = new Date()): Promise<InviteInfo> {
	const row = await usableInvite(sql, code, now);
	assertOpen(row, now);
	return { code: row.code, projectId: row.project_id, projectName: row.project_name, role: row.role, expiresAt: row.expires_at.toISOString() };
}

export interface Joined {
	project: { id: string; name: string };
	role: Role;
}

/**
 * The invite, used by `userId` (in `tx`): adds the membership and marks the invite used.
 * Accepting again with the same account (a retry) answers the same; a member already in
 * the project otherwise gets 409 `already_member` and the invite stays open.
 */
async function join(tx: Sql, code: string, userId: string, now: Date): Promise<Joined> {
	const row = await usableInvite(tx, code, now, { lock: true });
	const project = { id: row.project_id, name: row.project_name };
	const existing = await tx.query<{ role: Role }>(
		'SELECT role FROM memberships WHERE project_id = $1 AND user_id = $2',
		[row.project_id, userId]
	);
	if (row.used_by === userId && existing[0]) return { project, role: existing[0].role };
	assertOpen(row, now);
	if (existing[0]) {
		throw apiError(409, 'already_member', `You are a member of this project already (as ${existing[0].role}).`);
	}
	await tx.query(
		'INSERT INTO memberships (project_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)',
		[row.project_id, userId, row.role, now]
	);
	await tx.query('UPDATE invites SET used_by = $2, used_at = $3 WHERE code = $1', [row.code, userId, now]);
	return { project, role: row.role };
}

/** A signed-in user accepts an invite. */
export async function acceptInvite(sql: Sql, code: string, userId: string, now: Date = new Date()): Promise<Joined> {
	return sql.transaction((tx) => join(tx, code, userId, now));
}

/**
 * Someone without an account accepts an invite: account, membership, used invite and a
 * session, all in one transaction (a taken e-mail address is 409 `email_taken`).
 */
export async function acceptInviteWithNewAccount(
	sql: Sql,
	code: string,
	account: NewAccount,
	now: Date = new Date()
): Promise<Joined & SignedIn> {
	// Fail fast (before the ~80 ms hash) on a code that cannot be used.
	assertOpen(await usableInvite(sql, code, now), now);
	const passwordHash = await hashPassword(account.password);
	return sql.transaction(async (tx) => {
		const user = await createAccount(tx, account, passwordHash, now);
		const joined = await join(tx, code, user.id, now);
		const session = await createSession(tx, user.id, now);
		return { ...joined, user, session };
	});
}
