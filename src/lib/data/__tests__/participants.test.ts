import { describe, expect, it } from 'vitest';
import { createProject } from '../projects';
import { entriesWithTags } from '../evidence';
import { addParticipant, allParticipants, deleteParticipant, suggestPseudonym, updateParticipant, visibleParticipants, withdrawConsent, restoreConsent } from '../participants';
import { openTestData } from '../testing';

async function setup() {
	const t = openTestData();
	const project = await createProject(t.ctx, t.repos, { name: 'Agder', language: 'nb', template: 'ungtUtenforskap' });
	return { t, project };
}

describe('participants', () => {
	it('generates P-001, P-002 … and never reuses a code after deletion', async () => {
		const { t, project } = await setup();
		expect(await suggestPseudonym(t, project.id)).toBe('P-001');
		const a = await addParticipant(t, project.id, { age: 17 });
		const b = await addParticipant(t, project.id, { age: 19 });
		expect([a.code, b.code]).toEqual(['P-001', 'P-002']);
		await deleteParticipant(t, b.id);
		expect((await addParticipant(t, project.id, {})).code).toBe('P-003');
	});

	it('refuses a pseudonym code another participant of the project has, whatever its case', async () => {
		const { t, project } = await setup();
		const a = await addParticipant(t, project.id, { code: 'P-001' });
		const b = await addParticipant(t, project.id, { code: 'P-002' });
		await expect(addParticipant(t, project.id, { code: 'p-001 ' })).rejects.toMatchObject({ issues: [{ path: 'code', code: 'codeTaken' }] });
		await expect(updateParticipant(t, b.id, { code: 'P-001' })).rejects.toMatchObject({ issues: [{ path: 'code', code: 'codeTaken' }] });
		// Saving a participant with its own code is no clash.
		expect((await updateParticipant(t, a.id, { code: 'P-001', age: 15 })).age).toBe(15);
		expect((await t.repos.participants.listByProject(project.id)).map((p) => p.code).sort()).toEqual(['P-001', 'P-002']);
	});

	it('derives the life stage from age, and keeps an override when the age changes', async () => {
		const { t, project } = await setup();
		const stages = await t.repos.lifeStages.listByProject(project.id);
		const byName = (n: string) => stages.find((s) => s.name.startsWith(n))!.id;
		const p = await addParticipant(t, project.id, { age: 17 });
		expect(p.lifeStageId).toBe(byName('Videregående'));
		const older = await updateParticipant(t, p.id, { age: 21 });
		expect(older.lifeStageId).toBe(byName('Ung voksen'));
		const overridden = await updateParticipant(t, p.id, { lifeStageOverridden: true, lifeStageId: byName('Ungdomsskole') });
		expect((await updateParticipant(t, overridden.id, { age: 22 })).lifeStageId).toBe(byName('Ungdomsskole'));
	});

	it('withdrawn consent hides the participant and their evidence until restored', async () => {
		const { t, project } = await setup();
		const p = await addParticipant(t, project.id, {
			age: 16,
			consent: { status: 'given', date: '2026-09-01', scope: ['notes'], recordedBy: 'user-a' }
		});
		await t.repos.entries.create(project.id, { kind: 'quote', text: 'Jeg vil ikke være med lenger', participantId: p.id });
		await t.repos.entries.create(project.id, { kind: 'observation', text: 'Venterommet var fullt' });
		await withdrawConsent(t, p.id, '2026-09-10', 'user-a');
		expect(await visibleParticipants(t, project.id)).toEqual([]);
		expect((await allParticipants(t, project.id)).map((x) => x.code)).toEqual(['P-001']);
		expect((await entriesWithTags(t, project.id)).map((e) => e.entry.text)).toEqual([
			'Venterommet var fullt'
		]);
		await restoreConsent(t, p.id, '2026-09-11', 'user-a');
		expect(await visibleParticipants(t, project.id)).toHaveLength(1);
	});

	it('deleting a participant removes their evidence too, and undo brings both back', async () => {
		const { t, project } = await setup();
		// Evidence of a participant needs their consent to notes (see captureGate.ts).
		const consent = { status: 'given' as const, date: '2026-09-14', scope: ['notes' as const], recordedBy: 'user-a' };
		const p = await addParticipant(t, project.id, { age: 18, consent });
		const e = await t.repos.entries.create(project.id, { kind: 'quote', text: 'Ingen ringte', participantId: p.id });
		const undo = await deleteParticipant(t, p.id);
		expect((await t.db.entries.get(e.id))?.deleted).toBe(1);
		await undo();
		expect((await t.db.entries.get(e.id))?.deleted).toBe(0);
		expect((await t.db.participants.get(p.id))?.deleted).toBe(0);
	});
});
