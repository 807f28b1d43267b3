import { createHash } from 'node:crypto';

/**
 * Security events as one JSON object a line on stdout (OWASP ASVS 7.1/7.2), for whatever
 * collects the server's output:
 *
 *   {"at":"2026-05-01T08:00:00.000Z","kind":"auth","event":"signin.failed","emailHash":"3f2a…","ip":"10.0.0.7"}
 *
 * Never a password, token, setup code or project content: callers pass only the fields
 * below. E-mail addresses are logged as `emailHash` (the first 16 hex digits of the
 * sha256 of the normalised address): enough to see that one account is being attacked
 * and to find its lines, without the log holding people's addresses – or a password that
 * someone typed into the e-mail field. Every value goes through JSON.stringify, so a line
 * break or quote in a value cannot forge a line.
 */
export type AuthEvent =
	| 'signin.ok'
	| 'signin.failed'
	| 'signin.throttled'
	| 'signin.disabled'
	| 'signout'
	| 'signout.everywhere'
	| 'password.changed'
	| 'password.change_failed'
	| 'setup.done'
	| 'setup.refused'
	| 'invite.accepted'
	| 'account.disabled'
	| 'account.enabled'
	| 'account.deleted'
	| 'api.refused'
	| 'device_key.issued'
	| 'device_key.forgotten'
	| 'device_key.recovered'
	| 'device_key.missing';

export interface AuthEventFields {
	/** The account concerned (the acting user for `api.refused`). */
	userId?: string;
	/** The acting administrator, for account changes made by one. */
	adminId?: string;
	/** The e-mail address typed or concerned; logged only as its hash. */
	email?: string;
	ip?: string;
	/** HTTP status and the stable error code of a refusal. */
	status?: number;
	code?: string;
	method?: string;
	/** The API path (ids, never query strings or bodies). */
	path?: string;
	/** The project role an accepted invitation gave. */
	role?: string;
	/** Seconds a throttled client must wait. */
	retryAfter?: number;
	/** Sessions ended by the event. */
	sessionsEnded?: number;
}

export type AuthLogSink = (line: string) => void;

let sink: AuthLogSink = (line) => process.stdout.write(`${line}\n`);

/** Tests: collect the lines instead of printing them; `null` restores stdout. */
export function setAuthLogSink(next: AuthLogSink | null): void {
	sink = next ?? ((line) => process.stdout.write(`${line}\n`));
}

export function emailHash(email: string): string {
	return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}

/** Writes one event line. Logging never makes a request fail. */
export function logAuthEvent(event: AuthEvent, fields: AuthEventFields = {}, now: Date = new Date()): void {
	const { email, ...rest } = fields;
	const record: Record<string, string | number> = { at: now.toISOString(), kind: 'auth', event };
	if (email !== undefined) record.emailHash = emailHash(email);
	for (const [key, value] of Object.entries(rest)) {
		if (typeof value === 'string') record[key] = value.slice(0, 200);
		else if (typeof value === 'number' && Number.isFinite(value)) record[key] = value;
	}
	try {
		sink(JSON.stringify(record));
	} catch {
		// A closed stdout must not turn a sign-in into a 500.
	}
}
