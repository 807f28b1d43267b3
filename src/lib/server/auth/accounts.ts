import { z } from 'zod';
import { isUniqueViolation, type Sql } from '$lib/server/db';
import { apiError, invalidInput } from '$lib/server/http/errors';
import { logAuthEvent } from './log';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './password';
import { PASSWORD_MAX, passwordIssue, type PasswordOwner } from './passwordPolicy';
import {
	clearBackoff,
	forgetAttempt,
	LOGIN_MAX_PER_IP,
	SETUP_MAX_PER_IP,
	takeAttempt,
	takeBackoffSlot
} from './rateLimit';
import { createSession, endAllSessions, type NewSession } from './sessions';
import { clearSetupCodes, isSetupCode } from './setupCode';
import { findUserByEmail, findUserById, hasUsers, insertUser, normalizeEmail, publicUser, type PublicUser } from './users';

export { PASSWORD_MAX, PASSWORD_MIN } from './passwordPolicy';

// Request bodies. Messages are issue codes the client translates (`error_<code>`).
export const emailField = z
	.string()
	.trim()
	.min(1, { error: 'required' })
	.max(254, { error: 'tooLong' })
	.pipe(z.email({ error: 'invalidEmail' }));
/** A password as typed; the rules for a new one are checked with the rest of the form (`passwordIssue`). */
const passwordText = z.string().max(PASSWORD_MAX * 8, { error: 'passwordTooLong' });
export const displayNameField = z.string().trim().min(1, { error: 'required' }).max(100, { error: 'tooLong' });

/** Adds the password rules to a form that holds a new password and the person's details. */
function withPasswordRules<T extends z.ZodType<Record<string, unknown>>>(
	schema: T,
	field: string,
	owner: (value: z.infer<T>) => PasswordOwner
) {
	return schema.superRefine((value, ctx) => {
		const password = value[field];
		if (typeof password !== 'string') return;
		const issue = passwordIssue(password, owner(value));
		if (issue) ctx.addIssue({ code: 'custom', path: [field], message: issue });
	});
}

const accountShape = { email: emailField, password: passwordText, displayName: displayNameField };

export const newAccountBody = withPasswordRules(z.object(accountShape), 'password', (v) => v);
export type NewAccount = z.infer<typeof newAccountBody>;

export const setupBody = withPasswordRules(
	z.object({ ...accountShape, setupCode: z.string({ error: 'required' }).trim().min(1, { error: 'required' }).max(64, { error: 'tooLong' }) }),
	'password',
	(v) => v
);
export type SetupInput = z.infer<typeof setupBody>;

export const loginBody = z.object({
	email: z.string().trim().min(1, { error: 'required' }).max(254, { error: 'tooLong' }),
	password: z.string().min(1, { error: 'required' }).max(PASSWORD_MAX * 8, { error: 'tooLong' })
});

export const changePasswordBody = z.object({
	currentPassword: z.string().min(1, { error: 'required' }).max(PASSWORD_MAX * 8, { error: 'tooLong' }),
	newPassword: passwordText
});
export type ChangePasswordInput = z.infer<typeof changePasswordBody>;

export interface SignedIn {
	user: PublicUser;
	session: NewSession;
}

/** Creates a user in `tx`; a taken e-mail address is 409 `email_taken`. */
export async function createAccount(
	tx: Sql,
	account: NewAccount,
	passwordHash: string,
	now: Date,
	{ isAdmin = false }: { isAdmin?: boolean } = {}
): Promise<PublicUser> {
	try {
		const row = await tx.transaction((inner) =>
			insertUser(inner, { email: account.email, displayName: account.displayName, passwordHash, isAdmin }, now)
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
 * Makes the first account – the server's administrator – and signs it in. Only while
 * there is no user at all: two setups at once (even on two instances) make one account;
 * the other gets 409 `setup_done`. This does not check the setup code: the route calls
 * `setupServer`, which does.
 */
export async function setupFirstAccount(
	sql: Sql,
	account: NewAccount,
	now: Date = new Date(),
	check: (tx: Sql) => Promise<void> = async () => {}
): Promise<SignedIn> {
	if (await hasUsers(sql)) throw setupDone();
	const passwordHash = await hashPassword(account.password);
	return sql.transaction(async (tx) => {
		await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [SETUP_LOCK]);
		if (await hasUsers(tx)) throw setupDone();
		await check(tx);
		const user = await createAccount(tx, account, passwordHash, now, { isAdmin: true });
		const session = await createSession(tx, user.id, now);
		await clearSetupCodes(tx);
		return { user, session };
	});
}

function setupDone() {
	return apiError(409, 'setup_done', 'The server is set up already. Ask a project owner for an invite.');
}

/**
 * First-run setup from the network: like `setupFirstAccount`, but only with a setup code
 * the server printed on its console (403 `setup_code_invalid`). Wrong codes count against
 * the client's address (429 `rate_limited`).
 */
export async function setupServer(sql: Sql, input: SetupInput, { ip = 'unknown', now = new Date() }: { ip?: string; now?: Date } = {}): Promise<SignedIn> {
	if (await hasUsers(sql)) throw setupDone();
	const attempt = await takeAttempt(sql, [{ key: `setup:${ip}`, max: SETUP_MAX_PER_IP }], { now });
	if (!(await isSetupCode(sql, input.setupCode))) {
		logAuthEvent('setup.refused', { ip, code: 'setup_code_invalid' }, now);
		throw apiError(403, 'setup_code_invalid', 'The setup code is wrong. It is printed on the server console when the server starts.');
	}
	const { setupCode: _code, ...account } = input;
	const signedIn = await setupFirstAccount(sql, account, now, async (tx) => {
		if (!(await isSetupCode(tx, input.setupCode))) {
			throw apiError(403, 'setup_code_invalid', 'The setup code is wrong.');
		}
	});
	await forgetAttempt(sql, attempt);
	logAuthEvent('setup.done', { userId: signedIn.user.id, email: signedIn.user.email, ip }, now);
	return signedIn;
}

export interface LoginInput {
	email: string;
	password: string;
	/** The client's address, for the per-address limit. */
	ip: string;
}

function backoffKey(email: string): string {
	return `email:${normalizeEmail(email)}`;
}

/**
 * Signs in: 401 `invalid_credentials` for an unknown e-mail or a wrong password (the same
 * answer, in about the same time); 429 `rate_limited` with `retryAfter` while the account
 * must wait after repeated failures (per-account backoff) or the client address has too
 * many failures (300 in 15 minutes); 403 `account_disabled` for the right password of a
 * disabled account (only someone who knows the password learns that it is disabled).
 */
export async function login(sql: Sql, input: LoginInput, now: Date = new Date()): Promise<SignedIn> {
	const email = normalizeEmail(input.email);
	const key = backoffKey(email);
	const fields = { email, ip: input.ip };
	let ipAttempt;
	try {
		ipAttempt = await takeAttempt(sql, [{ key: `ip:${input.ip}`, max: LOGIN_MAX_PER_IP }], { now });
	} catch (error) {
		logAuthEvent('signin.throttled', { ...fields, retryAfter: retryAfterOf(error) }, now);
		throw error;
	}
	try {
		await takeBackoffSlot(sql, key, now);
	} catch (error) {
		// Refused before any password was checked: not a failure of this address.
		await forgetAttempt(sql, ipAttempt);
		logAuthEvent('signin.throttled', { ...fields, retryAfter: retryAfterOf(error) }, now);
		throw error;
	}
	const user = await findUserByEmail(sql, email);
	const usable = user && user.deleted_at === null ? user : null;
	const ok = usable ? await verifyPassword(input.password, usable.password_hash) : await verifyAgainstNothing(input.password);
	if (!usable || !ok) {
		// Both the backoff slot and the address attempt stay recorded: it is a failure.
		logAuthEvent('signin.failed', { ...fields, userId: usable?.id }, now);
		throw apiError(401, 'invalid_credentials', 'The e-mail address or the password is wrong.');
	}
	await forgetAttempt(sql, ipAttempt);
	await clearBackoff(sql, key);
	if (usable.disabled_at !== null) {
		logAuthEvent('signin.disabled', { ...fields, userId: usable.id }, now);
		throw apiError(403, 'account_disabled', 'This account is disabled. Ask the server administrator.');
	}
	const rehash = needsRehash(usable.password_hash) ? await hashPassword(input.password) : null;
	const signedIn = await sql.transaction(async (tx) => {
		if (rehash) await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [usable.id, rehash]);
		const session = await createSession(tx, usable.id, now);
		return { user: publicUser(usable), session };
	});
	logAuthEvent('signin.ok', { ...fields, userId: usable.id }, now);
	return signedIn;
}

function retryAfterOf(error: unknown): number | undefined {
	return typeof error === 'object' && error !== null && 'extra' in error
		? (error as { extra: { retryAfter?: number } }).extra.retryAfter
		: undefined;
}

export interface ChangePassword extends ChangePasswordInput {
	userId: string;
	ip?: string;
}

/**
 * Changes the signed-in user's password. Needs the current password (400 `invalid_input`,
 * issue `wrongPassword` on `currentPassword`; guesses count in the account's backoff like
 * sign-ins); the new one must pass the password rules. Every session of the user ends –
 * on every other device too – and this device gets a fresh one (returned: set its cookie).
 */
export async function changePassword(sql: Sql, input: ChangePassword, now: Date = new Date()): Promise<SignedIn> {
	const user = await findUserById(sql, input.userId);
	if (!user || user.deleted_at !== null || user.disabled_at !== null) throw apiError(401, 'unauthenticated', 'Sign in first.');
	const fields = { userId: user.id, ip: input.ip };
	const issue = passwordIssue(input.newPassword, { email: user.email, displayName: user.display_name });
	if (issue) throw invalidInput([{ path: 'newPassword', code: issue }]);
	const key = backoffKey(user.email);
	await takeBackoffSlot(sql, key, now);
	if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
		logAuthEvent('password.change_failed', fields, now);
		throw invalidInput([{ path: 'currentPassword', code: 'wrongPassword' }], 'The current password is wrong.');
	}
	await clearBackoff(sql, key);
	const passwordHash = await hashPassword(input.newPassword);
	const { session, ended } = await sql.transaction(async (tx) => {
		await tx.query('UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1', [user.id, passwordHash, now]);
		const ended = await endAllSessions(tx, user.id, now);
		return { session: await createSession(tx, user.id, now), ended };
	});
	// Every old session, this device's included (it goes on with the new one).
	logAuthEvent('password.changed', { ...fields, sessionsEnded: ended }, now);
	return { user: publicUser(user), session };
}
