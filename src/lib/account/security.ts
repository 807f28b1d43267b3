import { z } from 'zod';
import { apiErrorMessage } from '$lib/i18n/apiErrors';
import { m } from '$lib/i18n/generated/messages';
import { syncNow } from '$lib/sync/engine.svelte';
import { loadAccount } from './account.svelte';
import { ApiError } from './api';

/**
 * The account's security on this device: first-run setup with the server's setup code,
 * sign-in that tells how long to wait after repeated wrong passwords, change password,
 * and the administrator's list of accounts. Every answer is checked with a schema before
 * the screens use it.
 */

/** A refusal that may say how many seconds to wait (429). */
export class WaitError extends ApiError {
	constructor(
		status: number,
		code: string,
		message: string,
		issues: { path: string; code: string }[],
		readonly retryAfter: number | null
	) {
		super(status, code, message, issues);
		this.name = 'WaitError';
	}
}

const errorBody = z.object({
	error: z.object({
		code: z.string(),
		message: z.string().default(''),
		issues: z.array(z.object({ path: z.string(), code: z.string() })).optional(),
		retryAfter: z.number().optional()
	})
});

async function call<S extends z.ZodType>(path: string, schema: S, init: RequestInit = {}): Promise<z.infer<S>> {
	let response: Response;
	try {
		response = await fetch(path, {
			...init,
			credentials: 'same-origin',
			headers: init.body ? { 'content-type': 'application/json' } : undefined,
			signal: AbortSignal.timeout(20_000)
		});
	} catch {
		throw new ApiError(0, 'offline', 'No connection to the server.');
	}
	const body: unknown = await response.json().catch(() => null);
	if (!response.ok) {
		const parsed = errorBody.safeParse(body);
		const error = parsed.success ? parsed.data.error : { code: 'server_error', message: response.statusText, issues: [], retryAfter: undefined };
		throw new WaitError(response.status, error.code, error.message, error.issues ?? [], error.retryAfter ?? null);
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) throw new ApiError(response.status, 'server_error', 'The server answered something unexpected.');
	return parsed.data;
}

const send = (method: string, body?: unknown): RequestInit => ({ method, body: body === undefined ? undefined : JSON.stringify(body) });

const userSchema = z.object({ id: z.string(), email: z.string(), displayName: z.string(), isAdmin: z.boolean().default(false) });
const userAnswer = z.object({ user: userSchema });
const okAnswer = z.object({ ok: z.literal(true) });

export const adminUserSchema = z.object({
	id: z.string(),
	email: z.string(),
	displayName: z.string(),
	createdAt: z.string(),
	isAdmin: z.boolean(),
	disabled: z.boolean(),
	lastSeenAt: z.string().nullable(),
	projectCount: z.number(),
	soleOwnerOf: z.array(z.object({ id: z.string(), name: z.string() }))
});
export type AdminUser = z.infer<typeof adminUserSchema>;

/** A refusal in the user's language, with the wait in seconds when the server gave one. */
export function securityErrorMessage(error: unknown): string {
	if (error instanceof WaitError && error.code === 'rate_limited' && error.retryAfter !== null) {
		return m.api_error_rate_limited_wait({ seconds: String(error.retryAfter) });
	}
	return apiErrorMessage(error);
}

/** First-run setup with the code from the server's console; signs in as the new administrator. */
export async function setUpServerWithCode(input: { email: string; password: string; displayName: string; setupCode: string }): Promise<void> {
	await call('/api/auth/setup', userAnswer, send('POST', input));
	await loadAccount();
}

export async function signInWithWait(email: string, password: string): Promise<void> {
	await call('/api/auth/login', userAnswer, send('POST', { email, password }));
	await loadAccount();
	syncNow();
}

/** Who is signed in, with whether they administer the server (null when signed out or offline). */
export async function currentUser(): Promise<z.infer<typeof userSchema> | null> {
	try {
		return (await call('/api/auth/me', userAnswer)).user;
	} catch {
		return null;
	}
}

/** Changes the password; the server signs out every other device and keeps this one. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
	await call('/api/auth/password', userAnswer, send('POST', { currentPassword, newPassword }));
}

export async function listServerUsers(): Promise<AdminUser[]> {
	return (await call('/api/admin/users', z.object({ users: z.array(adminUserSchema) }))).users;
}

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

export async function setUserDisabled(id: string, disabled: boolean): Promise<AdminUser> {
	return (await call(userPath(id), z.object({ user: adminUserSchema }), send('PATCH', { disabled }))).user;
}

export async function deleteServerUser(id: string): Promise<void> {
	await call(userPath(id), okAnswer, send('DELETE'));
}
