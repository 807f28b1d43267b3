import { afterEach, describe, expect, it } from 'vitest';
import { ConsentRefusedError } from '$lib/domain/consent';
import type { Consent, ConsentScope } from '$lib/domain/participant';
import { createHighlight } from '$lib/notes/highlights';
import { sessionCaptureConsent } from '$lib/media/captureConsent';
import { createProject } from '../projects';
import { addParticipant, consentHistory, restoreConsent, updateParticipant, withdrawConsent } from '../participants';
import { openTestData, type TestData } from '../testing';

let t: TestData;
afterEach(() => t?.db.close());

const given = (scope: ConsentScope[], guardian = false): Consent => ({
	status: 'given',
	date: '2026-09-14',
	scope,
	recordedBy: 'user-a',
	...(guardian ? { guardian: { relation: 'parent' as const, date: '2026-09-13', recordedBy: 'user-a' } } : {})
});

async function setup() {
	t = openTestData();
	const project = await createProject(t.ctx, t.repos, { name: 'Fjordvik', language: 'nb', template: 'empty' });
	const session = (participantIds: string[]) => t.repos.sessions.create(project.id, { kind: 'interview', title: 'Samtale', date: '2026-09-14', participantIds });
	return { projectId: project.id, session };
}

const outboxOf = async (table: string) => (await t.db.outbox.toArray()).filter((c) => c.table === table);

describe('consent gates every capture on the device', () => {
	it('refuses a quick capture or quote for a participant without notes consent, naming them, and queues nothing', async () => {
		const { projectId, session } = await setup();
		const p3 = await addParticipant(t, projectId, { code: 'P-003', age: 19 });
		const s = await session([p3.id]);
		const before = (await t.db.outbox.count()) + (await t.db.entries.count());
		const refusal = t.repos.entries.create(projectId, { kind: 'quote', text: 'Ingen ringte', sessionId: s.id });
		await expect(refusal).rejects.toBeInstanceOf(ConsentRefusedError);
		await expect(refusal).rejects.toMatchObject({ reason: 'noParticipantConsent', participants: [{ id: p3.id, code: 'P-003' }] });
		await expect(t.repos.entries.create(projectId, { kind: 'observation', text: 'Hun smilte', participantId: p3.id })).rejects.toBeInstanceOf(ConsentRefusedError);
		expect((await t.db.outbox.count()) + (await t.db.entries.count())).toBe(before);
		// Evidence of the project as a whole (no session, no participant) needs no one's consent.
		await expect(t.repos.entries.create(projectId, { kind: 'fact', text: '12 % står utenfor', source: 'SSB' })).resolves.toMatchObject({ kind: 'fact' });
	});

	it('refuses a highlight in a session whose participant lacks notes consent: neither row is written', async () => {
		const { projectId, session } = await setup();
		const p1 = await addParticipant(t, projectId, { code: 'P-001', age: 19, consent: given(['notes']) });
		const p2 = await addParticipant(t, projectId, { code: 'P-002', age: 19, consent: given(['audio', 'quotes']) });
		const group = await session([p1.id, p2.id]);
		const input = { projectId, sessionId: group.id, noteId: 'n1', kind: 'quote' as const, text: 'Bussen går to ganger' };
		await expect(createHighlight(t, input)).rejects.toMatchObject({ reason: 'scopeMissing', participants: [{ code: 'P-002' }] });
		expect(await t.db.highlights.count()).toBe(0);
		expect(await outboxOf('entries')).toEqual([]);
		await updateParticipant(t, p2.id, { consent: given(['notes', 'audio']) });
		await expect(createHighlight(t, input)).resolves.toMatchObject({ entry: { sessionId: group.id } });
	});

	it('an under-16 participant blocks capture until the guardian consent is recorded, in the project age', async () => {
		const { projectId, session } = await setup();
		const young = await addParticipant(t, projectId, { code: 'P-007', ageBand: '13-15', consent: given(['notes', 'audio']) });
		const s = await session([young.id]);
		await expect(t.repos.entries.create(projectId, { kind: 'quote', text: 'Jeg vet ikke', sessionId: s.id })).rejects.toMatchObject({ reason: 'guardianMissing' });
		expect(await sessionCaptureConsent(t.db, s.id, 'audio')).toEqual({ ok: false, reason: 'guardianMissing', codes: ['P-007'] });
		await updateParticipant(t, young.id, { consent: given(['notes', 'audio'], true) });
		await expect(t.repos.entries.create(projectId, { kind: 'quote', text: 'Jeg vet ikke', sessionId: s.id })).resolves.toBeTruthy();

		// A project that asks guardians up to 18 holds a 17-year-old too.
		const older = await addParticipant(t, projectId, { code: 'P-008', age: 17, consent: given(['notes']) });
		await expect(t.repos.entries.create(projectId, { kind: 'quote', text: 'Ok', participantId: older.id })).resolves.toBeTruthy();
		await t.repos.projects.update(projectId, { guardianAge: 18 });
		await expect(t.repos.entries.create(projectId, { kind: 'quote', text: 'Ok', participantId: older.id })).rejects.toMatchObject({ reason: 'guardianMissing' });
	});

	it('refuses moving evidence onto a participant without consent; review and deletion of it go on', async () => {
		const { projectId } = await setup();
		const p1 = await addParticipant(t, projectId, { code: 'P-001', age: 20, consent: given(['notes']) });
		const p3 = await addParticipant(t, projectId, { code: 'P-003', age: 20 });
		const e = await t.repos.entries.create(projectId, { kind: 'quote', text: 'Ingen ringte', participantId: p1.id });
		await expect(t.repos.entries.update(e.id, { participantId: p3.id })).rejects.toBeInstanceOf(ConsentRefusedError);
		await withdrawConsent(t, p1.id, '2026-09-20', 'user-a');
		await expect(t.repos.entries.update(e.id, { reviewStatus: 'reviewed' })).resolves.toMatchObject({ reviewStatus: 'reviewed' });
		await expect(t.repos.entries.remove(e.id)).resolves.toBeUndefined();
	});
});

describe('consent history', () => {
	it('records who changed consent, when and to what, and nothing for saves that leave it as it was', async () => {
		const { projectId } = await setup();
		const p = await addParticipant(t, projectId, { code: 'P-001', age: 14 });
		expect(await consentHistory(t, p.id)).toEqual([]);
		await updateParticipant(t, p.id, { consent: given(['notes']) }, { consentNote: 'Skjema fra skolen' });
		await updateParticipant(t, p.id, { municipality: 'Fjordvik' });
		await updateParticipant(t, p.id, { consent: given(['notes'], true) });
		await withdrawConsent(t, p.id, '2026-10-01', 'user-a');
		await restoreConsent(t, p.id, '2026-10-02', 'user-a');
		await updateParticipant(t, p.id, { consent: null });
		const history = await consentHistory(t, p.id);
		expect(history.map((e) => [e.status, e.scope, !!e.guardian])).toEqual([
			['none', [], false],
			['given', ['notes'], true],
			['withdrawn', ['notes'], true],
			['given', ['notes'], true],
			['given', ['notes'], false]
		]);
		expect(history.at(-1)).toMatchObject({ createdBy: 'user-a', date: '2026-09-14', note: 'Skjema fra skolen', participantId: p.id });
		// Each record syncs as a row of its own: two tablets' records never overwrite each other.
		expect((await outboxOf('consentEvents')).length).toBe(5);
	});

	it('a participant added with consent starts their history with it', async () => {
		const { projectId } = await setup();
		const p = await addParticipant(t, projectId, { code: 'P-002', age: 30, consent: given(['notes', 'quotes']) });
		expect((await consentHistory(t, p.id)).map((e) => e.status)).toEqual(['given']);
	});
});
