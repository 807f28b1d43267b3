import { uuidv7 } from 'uuidv7';
import type { Sql } from '$lib/server/db';

/** A user as the API shows it (never the password hash). */
export interface PublicUser {
	id: string;
	email: string;
	displayName: string;
	createdAt: string;
}

export interface UserRow {
	id: string;
	email: string;
	display_name: string;
	password_hash: string;
	created_at: Date;
	sessions_valid_after: Date;
}

export function publicUser(row: Pick<UserRow, 'id' | 'email' | 'display_name' | 'created_at'>): PublicUser {
	return { id: row.id, email: row.email, displayName: row.display_name, createdAt: row.created_at.toISOString() };
}

/** E-mail addresses are stored and compared trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function findUserByEmail(sql: Sql, email: string): Promise<UserRow | null> {
	const rows = await sql.query<UserRow>('SELECT * FROM users WHERE email = $1', [normalizeEmail(email)]);
	return rows[0] ?? null;
}

export async function findUserById(sql: Sql, id: string): Promise<UserRow | null> {
	const rows = await sql.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
	return rows[0] ?? null;
}

export async function hasUsers(sql: Sql): Promise<boolean> {
	const rows = await sql.query('SELECT 1 FROM users LIMIT 1');
	return rows.length > 0;
}

export interface NewUser {
	email: string;
	displayName: string;
	passwordHash: string;
}

/** Inserts a user; a taken e-mail is a unique violation (callers map it to `email_taken`). */
export async function insertUser(sql: Sql, user: NewUser, now: Date): Promise<UserRow> {
	const rows = await sql.query<UserRow>(
		`INSERT INTO users (id, email, display_name, password_hash, created_at, sessions_valid_after)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`,
		[uuidv7(), normalizeEmail(user.email), user.displayName, user.passwordHash, now]
	);
	return rows[0];
}
