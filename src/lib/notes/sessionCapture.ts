import { consentAllows } from '$lib/domain/consent';
import type { EntryInput } from '$lib/domain/entry';
import type { Participant } from '$lib/domain/participant';
import type { Session } from '$lib/domain/session';
import type { CaptureConsent } from '$lib/media/captureConsent';
import type { RecordingStamp } from './editor/recordingOffsets';

/**
 * Quick capture inside a session: what an entry made there is linked to, and whether the
 * participants it is attributed to allow notes about them. The place comes with the session.
 */

/** The session's participants this capture speaks of: one chosen, or all of them. */
export function attributedTo(session: Pick<Session, 'participantIds'>, participantId: string | null): string[] {
	if (participantId && session.participantIds.includes(participantId)) return [participantId];
	return [...session.participantIds];
}

/**
 * Whether notes may be taken in a session with these participants – all of them, whoever an
 * entry is about, since what is written in a group session is about the group. A participant listed on the session
 * but not on this device counts as no recorded consent (codes left empty): when in doubt, refuse.
 */
export function notesConsent(ids: readonly string[], known: readonly Participant[]): CaptureConsent {
	const byId = new Map(known.filter((p) => !p.deleted).map((p) => [p.id, p]));
	const present = ids.map((id) => byId.get(id)).filter((p): p is Participant => !!p);
	const verdict = consentAllows(present, 'notes');
	if (!verdict.ok || present.length === ids.length) return verdict;
	return { ok: false, reason: 'noParticipantConsent', codes: [] };
}

/** The link fields of an entry captured in a session, with the recording position if one runs. */
export function sessionLinks(
	session: Pick<Session, 'id' | 'participantIds'>,
	participantId: string | null,
	recording: RecordingStamp | null
): Pick<EntryInput, 'sessionId' | 'participantId' | 'recordingOffsetMs' | 'attachmentId'> {
	const ids = attributedTo(session, participantId);
	return {
		sessionId: session.id,
		// An entry names one participant; about the whole group it names none (the session lists them).
		participantId: ids.length === 1 ? ids[0] : null,
		recordingOffsetMs: recording?.offsetMs ?? null,
		attachmentId: recording?.attachmentId ?? null
	};
}
