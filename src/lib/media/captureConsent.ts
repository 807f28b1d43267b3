import { consentAllows, type ConsentRefusal } from '$lib/domain/consent';
import type { ConsentScope, Participant } from '$lib/domain/participant';
import type { FieldworkDb } from '$lib/data/db';
import { guardianAgeOf } from '$lib/domain/project';

export type CaptureConsent = { ok: true } | { ok: false; reason: ConsentRefusal; codes: string[] };

/**
 * Whether this session's participants allow capture of this kind, read fresh from
 * the device. A participant listed on the session but not (yet) on this device
 * counts as having no recorded consent: when in doubt, do not record.
 */
export async function sessionCaptureConsent(
	db: Pick<FieldworkDb, 'sessions' | 'participants' | 'projects'>,
	sessionId: string,
	scope: ConsentScope
): Promise<CaptureConsent> {
	const session = await db.sessions.get(sessionId);
	if (!session || session.deleted) return { ok: false, reason: 'noParticipantConsent', codes: [] };
	const rows = await db.participants.bulkGet(session.participantIds);
	const unknown = rows.filter((p) => !p).length;
	const present = rows.filter((p): p is Participant => !!p && !p.deleted);
	// Under the project's guardian age, the guardian's consent is needed too.
	const verdict = consentAllows(present, scope, { guardianAge: guardianAgeOf(await db.projects.get(session.projectId)) });
	if (!verdict.ok || unknown === 0) return verdict;
	return { ok: false, reason: 'noParticipantConsent', codes: [] };
}
