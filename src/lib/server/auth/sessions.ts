import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Sql } from '$lib/server/db';
import { isHttps } from '$lib/server/http/origin';
import { publicUser, type PublicUser, type UserRow } from './users';

/**
 * Sessions: the cookie holds 32 random bytes (base64url); the database only their sha256,
 * so a copy of the database does not give working cookies. A session lives 30 days from
 * its last use (sliding): a request more than an hour after the last recorded one pushes
 * the expiry out again and renews the cookie.
 */
export const SESSION_COOKIE = 'feltinnsikt_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** How often a session in use is written back (last seen, new expiry). */
export const SESSION_TOUCH_MS = 60 * 60 * 1000;

export function newSessionToken(): string {
	return randomBytes(32).toString('base64url');
}

export function sessionId(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
	token: string;
	expiresAt: Date;
}

/** Creates a session for `userId`; use the transaction that created or checked the user. */
export async function createSession(sql: Sql, userId: string, now: Date): Promise<NewSession> {
	const token = newSessionToken();
	const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
	await sql.query(
		`INSERT INTO auth_sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)`,
		[sessionId(token), userId, now, expiresAt]
	);
	// Expired sessions of this user are of no use to anyone.
	await sql.query('DELETE FROM auth_sessions WHERE user_id = $1 AND expires_at <= $2', [userId, now]);
	return { token, expiresAt };
}

export interface ValidSession {
	id: string;
	user: PublicUser;
	expiresAt: Date;
	/** The expiry moved: send the cookie again. */
	renewed: boolean;
}

/** The session a cookie token stands for, or null when unknown, expired or logged out. */
export async function validateSession(sql: Sql, token: string, now: Date = new Date()): Promise<ValidSession | null> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const id = sessionId(token);
	const rows = await sql.query<UserRow & { session_created_at: Date; expires_at: Date; last_seen_at: Date }>(
		`SELECT u.*, s.created_at AS session_created_at, s.expires_at, s.last_seen_at
		FROM auth_sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id = $1`,
		[id]
	);
	const row = rows[0];
	if (!row) return null;
	if (row.expires_at <= now || row.session_created_at < row.sessions_valid_after) {
		await sql.query('DELETE FROM auth_sessions WHERE id = $1', [id]);
		return null;
	}
	let expiresAt = row.expires_at;
	let renewed = false;
	if (now.getTime() - row.last_seen_at.getTime() >= SESSION_TOUCH_MS) {
		expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
		await sql.query('UPDATE auth_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [id, now, expiresAt]);
		renewed = true;
	}
	return { id, user: publicUser(row), expiresAt, renewed };
}

/** Ends the session of this token (log out on this device). */
export async function deleteSession(sql: Sql, token: string): Promise<void> {
	await sql.query('DELETE FROM auth_sessions WHERE id = $1', [sessionId(token)]);
}

/**
 * Logs the user out everywhere: every session made before `now` is void, even one another
 * instance is creating at this moment.
 */
export async function logoutEverywhere(sql: Sql, userId: string, now: Date = new Date()): Promise<void> {
	await sql.transaction(async (tx) => {
		await tx.query('UPDATE users SET sessions_valid_after = $2 WHERE id = $1', [userId, now]);
		await tx.query('DELETE FROM auth_sessions WHERE user_id = $1', [userId]);
	});
}

/** Only what the cookie helpers need of a request. */
export interface CookieEvent {
	cookies: Cookies;
	url: URL;
	request: Request;
}

export function setSessionCookie(event: CookieEvent, session: NewSession | { token: string; expiresAt: Date }): void {
	event.cookies.set(SESSION_COOKIE, session.token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: isHttps(event),
		expires: session.expiresAt
	});
}

export function clearSessionCookie(event: CookieEvent): void {
	event.cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: isHttps(event)
	});
}
