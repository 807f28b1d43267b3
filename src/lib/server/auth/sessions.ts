import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Sql } from '$lib/server/db';
import { isHttps } from '$lib/server/http/origin';
import { publicUser, type PublicUser, type UserRow } from './users';

/**
 * Sessions: the cookie holds 32 random bytes (base64url); the database only their sha256,
 * so a copy of the database does not give working cookies. Two lifetimes (OWASP ASVS 3.3):
 * - idle: a session not used for 14 days ends; a request more than an hour after the
 *   last recorded one pushes the expiry out again and renews the cookie (sliding);
 * - absolute: whatever the use, a session ends 30 days after it was created (sign in
 *   again), so a stolen cookie cannot be kept alive for ever.
 * A tablet used every working day signs in about once a month; one left in a drawer for
 * two weeks signs in again.
 */
export const SESSION_COOKIE = 'feltinnsikt_session';
export const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 14 * DAY_MS;
export const SESSION_ABSOLUTE_MS = 30 * DAY_MS;
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

/** When a session created at `createdAt` and last used at `usedAt` expires. */
export function sessionExpiry(createdAt: Date, usedAt: Date): Date {
	return new Date(Math.min(usedAt.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_ABSOLUTE_MS));
}

/** Creates a session for `userId`; use the transaction that created or checked the user. */
export async function createSession(sql: Sql, userId: string, now: Date): Promise<NewSession> {
	const token = newSessionToken();
	const expiresAt = sessionExpiry(now, now);
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

/** The session a cookie token stands for, or null when unknown, expired, logged out or its account disabled. */
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
	const ended =
		row.expires_at <= now ||
		sessionExpiry(row.session_created_at, row.last_seen_at) <= now ||
		row.session_created_at < row.sessions_valid_after ||
		row.disabled_at !== null ||
		row.deleted_at !== null;
	if (ended) {
		await sql.query('DELETE FROM auth_sessions WHERE id = $1', [id]);
		return null;
	}
	let expiresAt = row.expires_at;
	let renewed = false;
	if (now.getTime() - row.last_seen_at.getTime() >= SESSION_TOUCH_MS) {
		expiresAt = sessionExpiry(row.session_created_at, now);
		await sql.query('UPDATE auth_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [id, now, expiresAt]);
		// Near the absolute end the expiry no longer moves: nothing to tell the browser.
		renewed = expiresAt.getTime() !== row.expires_at.getTime();
	}
	return { id, user: publicUser(row), expiresAt, renewed };
}

/** Ends the session of this token (log out on this device). */
export async function deleteSession(sql: Sql, token: string): Promise<void> {
	await sql.query('DELETE FROM auth_sessions WHERE id = $1', [sessionId(token)]);
}

/**
 * Logs the user out everywhere: every session made before `now` is void, even one another
 * instance is creating at this moment. Returns how many sessions ended.
 */
export async function logoutEverywhere(sql: Sql, userId: string, now: Date = new Date()): Promise<number> {
	return sql.transaction((tx) => endAllSessions(tx, userId, now));
}

/** `logoutEverywhere` inside a transaction the caller holds. */
export async function endAllSessions(tx: Sql, userId: string, now: Date): Promise<number> {
	await tx.query('UPDATE users SET sessions_valid_after = $2 WHERE id = $1', [userId, now]);
	const ended = await tx.query('DELETE FROM auth_sessions WHERE user_id = $1 RETURNING id', [userId]);
	return ended.length;
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
