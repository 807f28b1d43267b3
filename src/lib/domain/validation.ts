import type { z } from 'zod';

/** A field that failed validation, with a code the UI translates (`error_<code>`). */
export interface FieldIssue {
	path: string;
	code: string;
}

const knownCodes = new Set(['required', 'tooLong', 'tooShort', 'invalidEmail', 'invalidDate', 'invalidColour', 'ageRangeReversed']);

/** Thrown by every door into the data (repositories, import, server): nothing is written. */
export class ValidationError extends Error {
	constructor(readonly issues: FieldIssue[]) {
		super(`Invalid input: ${issues.map((i) => `${i.path || '(row)'} ${i.code}`).join(', ')}`);
		this.name = 'ValidationError';
	}
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
	return error.issues.map((issue) => ({
		path: issue.path.map(String).join('.'),
		code: knownCodes.has(issue.message) ? issue.message : 'invalid'
	}));
}

/** Parse with a schema or throw a ValidationError whose codes the UI can translate. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
	const result = schema.safeParse(value);
	if (!result.success) throw new ValidationError(issuesFromZod(result.error));
	return result.data;
}

export class NotFoundError extends Error {
	constructor(readonly table: string, readonly id: string) {
		super(`${table} ${id} not found`);
		this.name = 'NotFoundError';
	}
}
