import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { FieldIssue } from '$lib/domain/validation';

/**
 * Every API error is JSON of one shape:
 *
 *   { "error": { "code": "invalid_credentials", "message": "<English sentence>",
 *                "issues"?: [{ "path": "email", "code": "invalid" }], "retryAfter"?: 60 } }
 *
 * `code` is stable: the client translates it; `message` is for logs and developers.
 */
export interface ApiErrorBody {
	error: {
		code: string;
		message: string;
		issues?: FieldIssue[];
		/** Seconds, with 429 (also in the `retry-after` header). */
		retryAfter?: number;
	};
}

/** Thrown anywhere below a route wrapped in `endpoint()`; becomes a JSON error response. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly extra: { issues?: FieldIssue[]; retryAfter?: number } = {}
	) {
		super(message);
		this.name = 'ApiError';
	}

	toResponse(): Response {
		const body: ApiErrorBody = { error: { code: this.code, message: this.message, ...this.extra } };
		const headers: Record<string, string> = {};
		if (this.extra.retryAfter !== undefined) headers['retry-after'] = String(this.extra.retryAfter);
		return json(body, { status: this.status, headers });
	}
}

/** An error to throw: `throw apiError(404, 'invite_not_found', 'No such invite.')`. */
export function apiError(status: number, code: string, message: string, extra?: ApiError['extra']): ApiError {
	return new ApiError(status, code, message, extra);
}

/** A JSON error response to return directly. */
export function errorResponse(status: number, code: string, message: string, extra?: ApiError['extra']): Response {
	return apiError(status, code, message, extra).toResponse();
}

// Zod messages the client knows how to translate (`error_<code>`); others become `invalid`.
const knownIssueCodes = new Set([
	'required',
	'tooLong',
	'tooShort',
	'invalidEmail',
	'invalidDate',
	'invalidColour',
	'ageRangeReversed',
	// The password rules (server/auth/passwordPolicy.ts).
	'passwordTooShort',
	'passwordTooLong',
	'passwordTrivial',
	'passwordCommon',
	'passwordPersonal'
]);

export function issuesFrom(error: z.ZodError): FieldIssue[] {
	return error.issues.map((issue) => ({
		path: issue.path.map(String).join('.'),
		code: knownIssueCodes.has(issue.message) ? issue.message : 'invalid'
	}));
}

export function invalidInput(issues: FieldIssue[], message = 'The request is not valid.'): ApiError {
	return apiError(400, 'invalid_input', message, { issues });
}

/** Default most bytes of a JSON body (sync routes may pass more). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Reads the JSON body and validates it with `schema`: a body that is missing, not JSON, too
 * large or of the wrong shape is a 400 `invalid_input` (413 `payload_too_large`), never a 500.
 */
export async function readBody<S extends z.ZodType>(
	event: Pick<RequestEvent, 'request'>,
	schema: S,
	{ limit = DEFAULT_BODY_LIMIT }: { limit?: number } = {}
): Promise<z.infer<S>> {
	const declared = Number(event.request.headers.get('content-length'));
	if (declared > limit) throw apiError(413, 'payload_too_large', `The request body is larger than ${limit} bytes.`);
	let text: string;
	try {
		text = await event.request.text();
	} catch {
		throw invalidInput([], 'The request body could not be read.');
	}
	if (text.length > limit) throw apiError(413, 'payload_too_large', `The request body is larger than ${limit} bytes.`);
	let value: unknown = undefined;
	if (text.trim() !== '') {
		try {
			value = JSON.parse(text);
		} catch {
			throw invalidInput([], 'The request body must be JSON.');
		}
	}
	const result = schema.safeParse(value ?? {});
	if (!result.success) throw invalidInput(issuesFrom(result.error));
	return result.data;
}

/** Whatever was thrown, as a JSON response; unexpected errors are logged and become a 500. */
export function toErrorResponse(error: unknown, event?: Pick<RequestEvent, 'request' | 'url'>): Response {
	if (error instanceof ApiError) return error.toResponse();
	// SvelteKit's `error(404, …)` helper, should a handler use it.
	if (isHttpError(error)) {
		const status = error.status;
		const message = typeof error.body?.message === 'string' ? error.body.message : 'Request failed.';
		return errorResponse(status, status === 404 ? 'not_found' : status === 403 ? 'forbidden' : 'error', message);
	}
	const where = event ? `${event.request.method} ${event.url.pathname}` : 'API';
	console.error(`[api] ${where} failed:`, error);
	return errorResponse(500, 'internal_error', 'Something went wrong on the server.');
}

function isHttpError(error: unknown): error is { status: number; body?: { message?: unknown } } {
	return (
		typeof error === 'object' &&
		error !== null &&
		'status' in error &&
		typeof (error as { status: unknown }).status === 'number' &&
		'body' in error &&
		!(error instanceof Error)
	);
}

/**
 * Wraps a route handler so that anything it throws becomes a JSON error:
 *
 *   export const POST: RequestHandler = endpoint(async (event) => { … return json(…); });
 */
export function endpoint<E extends RequestEvent>(
	handler: (event: E) => Response | Promise<Response>
): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await handler(event);
		} catch (error) {
			return toErrorResponse(error, event);
		}
	};
}
