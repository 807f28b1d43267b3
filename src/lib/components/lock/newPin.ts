import { pinProblem } from '$lib/crypto/keyRing';
import { m } from '$lib/i18n/generated/messages';

/** A new PIN typed twice: what is wrong with it, in the user's language, or null. */
export function newPinProblem(pin: string, repeat: string): string | null {
	if (pinProblem(pin)) return m.lock_pin_too_short();
	return pin === repeat ? null : m.lock_pin_mismatch();
}
