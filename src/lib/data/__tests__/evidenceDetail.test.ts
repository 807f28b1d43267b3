import { afterEach, describe, expect, it } from 'vitest';
import { evidenceDetail } from '../evidenceDetail';
import { createProject } from '../projects';
import { openTestData, type TestData } from '../testing';

let t: TestData;
afterEach(() => t?.db.close());

describe('an item in full', () => {
	it('brings its session, participant code, tags and kind fields; a withdrawn participant hides it', async () => {
		t = openTestData();
		const p = await createProject(t.ctx, t.repos, { name: 'Feltarbeid', language: 'nb', template: 'ungtUtenforskap' });
		const participant = await t.repos.participants.create(p.id, {
			code: 'P-001',
			age: 16,
			consent: { status: 'given', date: '2026-02-20', scope: ['notes', 'quotes'], recordedBy: 'user-a' }
		});
		const session = await t.repos.sessions.create(p.id, { kind: 'interview', title: 'Intervju på skolen', date: '2026-02-27', participantIds: [participant.id] });
		const [region] = await t.repos.regions.listByProject(p.id);
		const entry = await t.repos.entries.create(p.id, {
			kind: 'unknown',
			text: 'Ingen vet hvem som har ansvaret.',
			sessionId: session.id,
			participantId: participant.id,
			unknown: { surprise: 'Begge trodde den andre hadde det.', whyUnknown: 'Én tjeneste om gangen.', nextQuestion: 'Hvem får beskjed?' }
		});
		await t.repos.taggings.tag(p.id, entry.id, 'region', region.id);

		const detail = await evidenceDetail(t, entry.id);
		expect(detail?.session?.title).toBe('Intervju på skolen');
		expect(detail?.participant?.code).toBe('P-001');
		expect(detail?.hidden).toBe(false);
		expect(detail?.tags).toEqual([{ kind: 'region', id: region.id, name: region.name }]);
		expect(detail?.entry.unknown?.nextQuestion).toBe('Hvem får beskjed?');

		await t.repos.participants.update(participant.id, { consent: { status: 'withdrawn', date: '2026-02-28', scope: [], recordedBy: 'user-a' } });
		expect((await evidenceDetail(t, entry.id))?.hidden).toBe(true);
		expect(await evidenceDetail(t, 'not-here')).toBeNull();
	});
});
