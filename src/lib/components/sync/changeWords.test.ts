import { describe, expect, it } from 'vitest';
import { changeWhat, rejectionReason } from './changeWords';

describe('a refused change in the user\'s words', () => {
	it('names the field and what it belongs to', () => {
		expect(changeWhat({ table: 'entries', field: 'text' })).toBe('Tekst på bevis');
		expect(changeWhat({ table: 'noteUpdates', field: '$yjs' })).toBe('Tekst på notat');
		expect(changeWhat({ table: 'entries', field: '$row' })).toBe('Ny rad: bevis');
		expect(changeWhat({ table: 'sessions', field: 'participantIds' })).toBe('Feltet «participantIds» på økt');
	});

	it('says why, and what to do, for every refusal code', () => {
		for (const code of ['forbidden', 'invalid_value', 'unknown_field', 'clock_ahead', 'wrong_project', 'row_incomplete', 'row_missing', 'wrong_author']) {
			const reason = rejectionReason({ code, message: 'English words' });
			expect(reason).not.toContain('English words');
			expect(reason.length).toBeGreaterThan(20);
		}
		expect(rejectionReason({ code: 'forbidden', message: '' })).toContain('Rollen din');
		expect(rejectionReason({ code: 'something_new', message: 'New rule.' })).toBe('Serveren avviste endringen: New rule.');
		// A capture refused for consent says what to do, in the user's language.
		expect(rejectionReason({ code: 'consent_missing', message: 'English words' })).toContain('Registrer samtykket under Deltakere');
		expect(changeWhat({ table: 'consentEvents', field: '$row' })).toBe('Ny rad: samtykkeregistrering');
	});
});
