import type { ConsentScope } from '$lib/domain/participant';
import { getLocale } from '$lib/i18n/generated/runtime';
import { m } from '$lib/i18n/generated/messages';
import type { RecordingProblem } from '$lib/media/audioRecorder';
import type { CaptureConsent } from '$lib/media/captureConsent';

const intlLocale = () => (getLocale() === 'nb' ? 'nb-NO' : 'en-GB');

/** "P-001 og P-004" / "P-001 and P-004". */
export function listCodes(codes: readonly string[]): string {
	return new Intl.ListFormat(intlLocale(), { style: 'long', type: 'conjunction' }).format(codes);
}

/** "14:32": when a recording or photo was made. */
export function timeOfDay(iso: string): string {
	return new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

type Refusal = Extract<CaptureConsent, { ok: false }>;

const refusals: Record<'audio' | 'photo', Record<Refusal['reason'] | 'unknown', (p: { codes: string }) => string>> = {
	audio: {
		scopeMissing: m.media_consent_audio_scope,
		consentWithdrawn: m.media_consent_audio_withdrawn,
		noParticipantConsent: m.media_consent_audio_missing,
		guardianMissing: m.media_consent_audio_guardian,
		unknown: m.media_consent_audio_unknown
	},
	photo: {
		scopeMissing: m.media_consent_photo_scope,
		consentWithdrawn: m.media_consent_photo_withdrawn,
		noParticipantConsent: m.media_consent_photo_missing,
		guardianMissing: m.media_consent_photo_guardian,
		unknown: m.media_consent_photo_unknown
	}
};

/** Why capture is refused, naming the participants' pseudonym codes. */
export function consentMessage(scope: Extract<ConsentScope, 'audio' | 'photo'>, refusal: Refusal): string {
	const reason = refusal.codes.length === 0 ? 'unknown' : refusal.reason;
	return refusals[scope][reason]({ codes: listCodes(refusal.codes) });
}

const problems: Record<RecordingProblem, () => string> = {
	unsupported: m.media_unsupported,
	micDenied: m.media_mic_denied,
	micUnavailable: m.media_mic_unavailable,
	diskFull: m.media_disk_full,
	writeFailed: m.media_write_failed,
	recorderFailed: m.media_recorder_failed
};

/** Why a recording could not start, or why it stopped by itself. */
export function problemMessage(problem: RecordingProblem, whileRecording = false): string {
	if (problem === 'micUnavailable' && whileRecording) return m.media_mic_lost();
	return problems[problem]();
}
