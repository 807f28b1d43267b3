import { z } from 'zod';
import { isUniqueViolation, type Sql } from '$lib/server/db';
import { apiError } from '$lib/server/http/errors';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './password';
import {
	clearAttempts,
	forgetAttempt,
	LOGIN_MAX_PER_EMAIL,
	LOGIN_MAX_PER_IP,
	takeAttempt
} from './rateLimit';
import { createSession, type NewSession } from './sessions';
import { findUserByEmail, hasUsers, insertUser, normalizeEmail, publicUser, type PublicUser } from './users';

// Request bodies. Messages are issue codes the client translates (`error_<code>`).
export const emailField = z
	.string()
	.trim()
	.min(1, { error: 'required' })
	.max(254, { error: 'tooLong' })
	.pipe(z.email({ error: 'invalidEmail' }));
export const PASSWORD_MIN = 8;
export const newPasswordField = z
	.string()
	.min(PASSWORD_MIN, { error: 'tooShort' })
	.max(200, { error: 'tooLong' });
export const displayNameField = z.string().trim().min(1, { error: 'required' }).max(100, { error: 'tooLong' });

export const newAccountBody = z.object({
	email: emailField,
	password: newPasswordField,
	displayName: displayNameField
});
export type NewAccount = z.infer<typeof newAccountBody>;

export const loginBody = z.object({
	email: z.string().trim().min(1, { error: 'required' }).max(254, { error: 'tooLong' }),
	password: z.string().min(1, { error: 'required' }).max(200, { error: 'tooLong' })
});

export interface SignedIn {
	user: PublicUser;
	session: NewSession;
}

/** Creates a user in `tx`; a taken e-mail address is 409 `email_taken`. */
export async function createAccount(tx: Sql, account: NewAccount, passwordHash: string, now: Date): Promise<PublicUser> {
	try {
		const row = await tx.transaction((inner) =>
			insertUser(inner, { email: account.email, displayName: account.displayName, passwordHash }, now)
		);
		return publicUser(row);
	} catch (error) {
		if (isUniqueViolation(error)) {
			throw apiError(409, 'email_taken', 'An account with this e-mail address exists already. Sign in instead.');
		}
		throw error;
	}
}

/** Advisory lock key for "the first account": setups on several instances queue on it. */
const SETUP_LOCK = 0x666c7401;

/**
 * The first person on a fresh server creates the first account (and signs in). Only while
 * there is no user at all: two setups at once (even on two instances) make one account;
 * the other gets 409 `setup_done`.
 */
export async function setupFirstAccount(sql: Sql, account: NewAccount, now: Date = new Date()): Promise<SignedIn> {
	if (await hasUsers(sql)) throw setupDone();
	const passwordHash = await hashPassword(account.password);
	return sql.transaction(async (tx) => {
		await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [SETUP_LOCK]);
		if (await hasUsers(tx)) throw setupDone();
		const user = await createAccount(tx, account, passwordHash, now);
		const session = await createSession(tx, user.id, now);
		return { user, session };
	});
}

function setupDone() {
	return apiError(409, 'setup_done', 'The server is set up already. Ask a project owner for an invite.');
}

export interface LoginInput {
	email: string;
	password: string;
	/** The client's address, for the per-address limit. */
	ip: string;
}

/**
 * Signs in: 401 `invalid_credentials` for an unknown e-mail or a wrong password (the same
 * answer, in about the same time), 429 `rate_limited` after too many failures for the
 * e-mail address (5 in 15 minutes) or the client address (20 in 15 minutes).
 */
export async function login(sql: Sql, input: LoginInput, now: Date = new Date()): Promise<SignedIn> {
	const email = normalizeEmail(input.email);
	const emailKey = `email:${email}`;
	const attempt = await takeAttempt(
		sql,
		[
			{ key: emailKey, max: LOGIN_MAX_PER_EMAIL },
			{ key: `ip:${input.ip}`, max: LOGIN_MAX_PER_IP }
		],
		{ now }
	);
	const user = await findUserByEmail(sql, email);
	const ok = user ? await verifyPassword(input.password, user.password_hash) : await verifyAgainstNothing(input.password);
	if (!user || !ok) {
		// The attempt stays recorded: it is a failure.
		throw apiError(401, 'invalid_credentials', 'The e-mail address or the password is wrong.');
	}
	const rehash = needsRehash(user.password_hash) ? await hashPassword(input.password) : null;
	return sql.transaction(async (tx) => {
		await forgetAttempt(tx, attempt);
		await clearAttempts(tx, emailKey);
		if (rehash) await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, rehash]);
		const session = await createSession(tx, user.id, now);
		return { user: publicUser(user), session };
	});
}
