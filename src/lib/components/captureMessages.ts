import { listCodes } from '$lib/components/media/mediaMessages';
import type { CaptureConsent } from '$lib/media/captureConsent';
import { m } from '$lib/i18n/generated/messages';

type Refusal = Extract<CaptureConsent, { ok: false }>;

/** Why a capture about these participants is refused, naming their pseudonym codes. */
export function captureConsentMessage(refusal: Refusal): string {
	// Codes unknown: a participant of the session is not on this device.
	if (refusal.codes.length === 0) return m.capture_consent_unknown();
	const codes = listCodes(refusal.codes);
	switch (refusal.reason) {
		case 'consentWithdrawn':
			return m.capture_consent_withdrawn({ codes });
		case 'scopeMissing':
			return m.capture_consent_scope({ codes });
		case 'noParticipantConsent':
			return m.capture_consent_missing({ codes });
		default:
			// Any other reason the consent rules give (a guardian's consent missing, …).
			return m.capture_consent_other({ codes });
	}
}
