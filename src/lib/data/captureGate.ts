import { ConsentRefusedError, consentProblem, type ConsentRefusal } from '$lib/domain/consent';
import type { ConsentScope, Participant } from '$lib/domain/participant';
import { guardianAgeOf } from '$lib/domain/project';
import type { FieldworkDb } from './db';

/** What a piece of evidence is attributed to: a participant of its own, and the session it was captured in. */
export interface Attribution {
	sessionId?: string | null;
	participantId?: string | null;
}

/** The fields of a row that say whom it is attributed to: changing one is checked like a new capture. */
export const attributionFields = ['sessionId', 'participantId'] as const;

/** The tables the gate reads; a write that runs it must have them in its transaction. */
export const captureGateTables = ['projects', 'sessions', 'participants'] as const;

export interface ConsentVerdict {
	ok: boolean;
	reason?: ConsentRefusal;
	/** Participants in the way, each with its own problem (an unknown one has an empty code). */
	lacking: { id: string; code: string; problem: ConsentRefusal }[];
}

/**
 * Whether evidence attributed this way may be captured under `scope`: its own participant
 * and every participant of its session must allow it (so what is written in a group
 * session follows everyone's consent, as recording does). A participant this device does
 * not hold counts as not consented: when in doubt, do not capture.
 */
export async function attributionConsent(
	db: Pick<FieldworkDb, 'projects' | 'sessions' | 'participants'>,
	projectId: string,
	attribution: Attribution,
	scope: ConsentScope
): Promise<ConsentVerdict> {
	const ids = new Set<string>();
	if (attribution.participantId) ids.add(attribution.participantId);
	if (attribution.sessionId) {
		const session = await db.sessions.get(attribution.sessionId);
		if (session && !session.deleted) for (const id of session.participantIds ?? []) ids.add(id);
	}
	if (ids.size === 0) return { ok: true, lacking: [] };
	const [project, rows] = await Promise.all([db.projects.get(projectId), db.participants.bulkGet([...ids])]);
	const options = { guardianAge: guardianAgeOf(project) };
	const lacking: ConsentVerdict['lacking'] = [];
	[...ids].forEach((id, i) => {
		const p: Participant | undefined = rows[i];
		if (p?.deleted) return;
		if (!p || typeof p.code !== 'string') {
			lacking.push({ id, code: '', problem: 'noParticipantConsent' });
			return;
		}
		const problem = consentProblem(p, scope, options);
		if (problem) lacking.push({ id, code: p.code, problem });
	});
	return lacking.length === 0 ? { ok: true, lacking } : { ok: false, reason: lacking[0].problem, lacking };
}

/** Throws `ConsentRefusedError` (nothing written) when consent does not allow this capture. */
export async function requireConsent(
	db: Pick<FieldworkDb, 'projects' | 'sessions' | 'participants'>,
	projectId: string,
	attribution: Attribution,
	scope: ConsentScope
): Promise<void> {
	const verdict = await attributionConsent(db, projectId, attribution, scope);
	if (!verdict.ok) throw new ConsentRefusedError(scope, verdict.reason!, verdict.lacking.map(({ id, code }) => ({ id, code })));
}
