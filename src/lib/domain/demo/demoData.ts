import { z } from 'zod';
import { entryKinds } from '../entry';
import { sessionKinds } from '../session';
import { consentScopes } from '../participant';
import { parseOrThrow, ValidationError } from '../validation';
import { ungtUtenforskapMap } from '../templates/ungtUtenforskap';
import { demoCodes, demoEntries, demoParticipants, demoSessions } from './demoProject';

/**
 * A demo project as data: the small hand-written one, or one of any size made
 * by `npm run demo` (scripts/demo-generator.mjs) and loaded from its JSON file.
 * The file is checked against this schema before anything is written.
 */
const text = (max: number) => z.string().max(max);
export const demoDataSchema = z.object({
	format: z.literal('feltinnsikt-demo').optional(),
	version: z.literal(1).optional(),
	codes: z.array(z.object({ name: text(200).min(1), colour: text(9), description: text(2000) })).max(500),
	participants: z
		.array(
			z.object({
				code: text(32).min(1),
				age: z.number().int().min(0).max(120),
				municipality: text(200),
				attributes: z.record(z.string().max(100), z.string().max(500)),
				consentScope: z.array(z.enum(consentScopes))
			})
		)
		.max(20_000),
	sessions: z
		.array(
			z.object({
				key: text(64).min(1),
				kind: z.enum(sessionKinds),
				title: text(300).min(1),
				date: z.iso.date(),
				place: text(300),
				participantCodes: z.array(text(32)),
				notes: text(20_000)
			})
		)
		.max(50_000),
	entries: z
		.array(
			z.object({
				kind: z.enum(entryKinds),
				text: text(8000).min(1),
				sessionKey: text(64).nullable(),
				participantCode: text(32).nullable(),
				source: text(1000).optional(),
				unknown: z.object({ surprise: text(4000), whyUnknown: text(4000), nextQuestion: text(4000) }).optional(),
				regions: z.array(text(64)),
				ages: z.array(z.number().int().min(0).max(120)),
				codes: z.array(text(200))
			})
		)
		.max(100_000)
});
export type DemoData = z.infer<typeof demoDataSchema>;

export const handwrittenDemo: DemoData = { codes: demoCodes, participants: demoParticipants, sessions: demoSessions, entries: demoEntries };

/**
 * Reads a demo file. References inside it (a session's participants, an
 * entry's session, participant, regions and codes) must resolve, or nothing is loaded.
 */
export function parseDemoData(json: unknown): DemoData {
	const data = parseOrThrow(demoDataSchema, json);
	const participants = new Set(data.participants.map((p) => p.code));
	const sessions = new Set(data.sessions.map((s) => s.key));
	const codes = new Set(data.codes.map((c) => c.name));
	const regions = new Set(ungtUtenforskapMap.map((r) => r.key));
	const dangling =
		data.sessions.some((s) => s.participantCodes.some((c) => !participants.has(c))) ||
		data.entries.some((e) => (e.sessionKey && !sessions.has(e.sessionKey)) || (e.participantCode && !participants.has(e.participantCode)) || e.codes.some((c) => !codes.has(c)) || e.regions.some((r) => !regions.has(r)));
	if (dangling) throw new ValidationError([{ path: 'file', code: 'invalid' }]);
	return data;
}
