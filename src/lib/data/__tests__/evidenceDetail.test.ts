import { afterEach, describe, expect, it } from 'vitest';
import { ConsentRefusedError } from '$lib/domain/consent';
import { evidenceDetail, moveEvidence } from '../evidenceDetail';
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

	it('moves an item to another kind, session and participant – never to one without consent – and lists its attachments', async () => {
		t = openTestData();
		const p = await createProject(t.ctx, t.repos, { name: 'Flytting', language: 'nb', template: 'ungtUtenforskap' });
		const consent = { status: 'given' as const, date: '2026-02-20', scope: ['notes' as const], recordedBy: 'user-a' };
		const yes = await t.repos.participants.create(p.id, { code: 'P-001', age: 20, consent });
		const no = await t.repos.participants.create(p.id, { code: 'P-002', age: 20 });
		const gone = await t.repos.participants.create(p.id, { code: 'P-003', age: 20, consent: { ...consent, status: 'withdrawn' } });
		const first = await t.repos.sessions.create(p.id, { kind: 'observation', title: 'Kantina', date: '2026-02-26', participantIds: [] });
		const second = await t.repos.sessions.create(p.id, { kind: 'interview', title: 'Biblioteket', date: '2026-02-27', participantIds: [yes.id] });
		const entry = await t.repos.entries.create(p.id, { kind: 'observation', text: 'Hun ser på klokka.', sessionId: first.id });
		const photo = await t.repos.attachments.create(p.id, { kind: 'photo', entryId: entry.id, sha256: 'a'.repeat(64), size: 10, mime: 'image/jpeg' });

		const detail = (await evidenceDetail(t, entry.id))!;
		expect(detail.attachments.map((a) => a.id)).toEqual([photo.id]);
		expect(detail.choices.sessions.map((s) => s.title)).toEqual(['Biblioteket', 'Kantina']);
		// A withdrawn participant is hidden everywhere, here too.
		expect(detail.choices.participants.map((x) => x.code)).toEqual(['P-001', 'P-002']);
		expect(gone.code).toBe('P-003');
		expect(detail.sessionFixed).toBe(false);

		const moved = await moveEvidence(t, detail.entry, { kind: 'quote', sessionId: second.id, participantId: yes.id });
		expect(moved).toMatchObject({ kind: 'quote', sessionId: second.id, participantId: yes.id });

		const queued = await t.db.outbox.count();
		await expect(moveEvidence(t, moved, { kind: 'quote', sessionId: second.id, participantId: no.id })).rejects.toBeInstanceOf(ConsentRefusedError);
		expect((await t.db.entries.get(entry.id))!.participantId).toBe(yes.id);
		expect(await t.db.outbox.count()).toBe(queued);
	});
});
