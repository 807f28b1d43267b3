import type { z } from 'zod';

/** A field that failed validation, with a code the UI translates (`error_<code>`). */
export interface FieldIssue {
	path: string;
	code: string;
	/** The bound a length or number broke (max for tooLong, min for tooShort…), so the message can say what is valid. */
	limit?: number;
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
	return error.issues.map((issue) => {
		const path = issue.path.map(String).join('.');
		const limit = issueLimit(issue);
		const code = knownCodes.has(issue.message) ? issue.message : codeOf(issue);
		return limit === undefined ? { path, code } : { path, code, limit };
	});
}

function issueLimit(issue: z.core.$ZodIssue): number | undefined {
	const bound = issue.code === 'too_big' ? issue.maximum : issue.code === 'too_small' ? issue.minimum : undefined;
	return typeof bound === 'number' && Number.isFinite(bound) ? bound : undefined;
}

/** A code that says what would have been valid, for schemas that did not name one. */
function codeOf(issue: z.core.$ZodIssue): string {
	switch (issue.code) {
		case 'too_big':
			return issue.origin === 'string' ? 'tooLong' : issue.origin === 'number' ? 'numberTooLarge' : issue.origin === 'array' ? 'tooMany' : 'invalid';
		case 'too_small':
			return issue.origin === 'string' ? 'tooShort' : issue.origin === 'number' ? 'numberTooSmall' : 'invalid';
		case 'invalid_value':
			return 'notAnOption';
		case 'invalid_type':
			return issue.expected === 'number' || issue.expected === 'int' ? 'notANumber' : 'invalid';
		case 'invalid_format':
			return issue.format === 'email' ? 'invalidEmail' : issue.format === 'date' ? 'invalidDate' : 'invalid';
		case 'not_multiple_of':
			return 'notWhole';
		default:
			return 'invalid';
	}
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
