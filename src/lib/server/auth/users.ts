import { uuidv7 } from 'uuidv7';
import type { Sql } from '$lib/server/db';

/** A user as the API shows it (never the password hash). */
export interface PublicUser {
	id: string;
	email: string;
	displayName: string;
	createdAt: string;
	/** The server's administrator (the first account; may list, disable and delete accounts). */
	isAdmin: boolean;
}

export interface UserRow {
	id: string;
	email: string;
	display_name: string;
	password_hash: string;
	created_at: Date;
	sessions_valid_after: Date;
	is_admin: boolean;
	disabled_at: Date | null;
	deleted_at: Date | null;
	password_changed_at: Date | null;
}

export function publicUser(row: Pick<UserRow, 'id' | 'email' | 'display_name' | 'created_at' | 'is_admin'>): PublicUser {
	return {
		id: row.id,
		email: row.email,
		displayName: row.display_name,
		createdAt: row.created_at.toISOString(),
		isAdmin: row.is_admin === true
	};
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
	isAdmin?: boolean;
}

/** Inserts a user; a taken e-mail is a unique violation (callers map it to `email_taken`). */
export async function insertUser(sql: Sql, user: NewUser, now: Date): Promise<UserRow> {
	const rows = await sql.query<UserRow>(
		`INSERT INTO users (id, email, display_name, password_hash, created_at, sessions_valid_after, is_admin)
		VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING *`,
		[uuidv7(), normalizeEmail(user.email), user.displayName, user.passwordHash, now, user.isAdmin === true]
	);
	return rows[0];
}
