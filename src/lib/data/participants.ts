import { isHidden, sameConsent } from '$lib/domain/consent';
import type { ConsentEvent } from '$lib/domain/consentEvent';
import { lifeStageForAge } from '$lib/domain/lifeStage';
import type { Consent, Participant, ParticipantInput } from '$lib/domain/participant';
import { nextPseudonymCounter, pseudonymCode, sameCode } from '$lib/domain/pseudonym';
import { ValidationError } from '$lib/domain/validation';
import type { DataContext } from './context';
import type { LocalData } from './local';
import type { Repositories } from './repositories';
import { wholeProjectRows, wholeRows } from './wholeRows';

type Data = { ctx: DataContext; repos: Repositories };
const participantTables = ['projects', 'participants', 'lifeStages', 'consentEvents', 'outbox', 'syncState'] as const;

/**
 * Records a change of consent as an event of its own, in the transaction that changes
 * the participant: whoever changes consent, through whichever screen, leaves a record of
 * who, when and what. A save that leaves consent as it was records nothing.
 */
async function recordConsentChange(
	{ repos }: Data,
	participant: Participant,
	before: Consent | null | undefined,
	note = ''
): Promise<void> {
	const after = participant.consent;
	if (sameConsent(before, after)) return;
	await repos.consentEvents.create(participant.projectId, {
		participantId: participant.id,
		status: after?.status ?? 'none',
		date: after?.date ?? null,
		scope: after?.scope ?? [],
		guardian: after?.guardian ?? null,
		note
	});
}

/** The consent history of a participant, newest first (ids are time-ordered UUIDv7s). */
export async function consentHistory({ db }: Pick<LocalData, 'db'>, participantId: string): Promise<ConsentEvent[]> {
	const rows = await wholeRows('consentEvents', await db.consentEvents.where('participantId').equals(participantId).toArray());
	return rows.filter((e) => !e.deleted).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** Participants shown in the UI: withdrawn consent hides a participant everywhere. */
export async function visibleParticipants({ db }: Pick<LocalData, 'db'>, projectId: string): Promise<Participant[]> {
	return (await allParticipants({ db }, projectId)).filter((p) => !isHidden(p));
}

/** Including withdrawn ones – only for the participants page, where consent is restored or data deleted. */
export async function allParticipants({ db }: Pick<LocalData, 'db'>, projectId: string): Promise<Participant[]> {
	const rows = await wholeProjectRows(db, 'participants', projectId);
	return rows.filter((p) => !p.deleted).sort((a, b) => a.code.localeCompare(b.code, 'nb', { numeric: true }));
}

/** The code the next participant would get; shown in the form before saving. */
export async function suggestPseudonym({ ctx }: Data, projectId: string): Promise<string> {
	const [project, codes] = await Promise.all([
		ctx.db.projects.get(projectId),
		ctx.db.participants.where('projectId').equals(projectId).toArray()
	]);
	return pseudonymCode(nextPseudonymCounter(codes.map((p) => p.code), project?.participantCounter ?? 0));
}

async function derivedLifeStage({ ctx }: Data, projectId: string, input: Partial<ParticipantInput>): Promise<string | null | undefined> {
	if (input.lifeStageOverridden || input.age === undefined) return undefined;
	if (input.age === null) return null;
	const stages = await ctx.db.lifeStages.where('projectId').equals(projectId).toArray();
	return lifeStageForAge(stages, input.age)?.id ?? null;
}

/**
 * Adds a participant. The pseudonym is generated (P-001, …) unless the
 * researcher typed one; the project's counter moves past it either way so no
 * code is ever handed out twice. The life stage follows the age unless overridden.
 */
/** A code another live participant of the project already has (case-insensitive) is refused: two P-001 would be one person in every analysis. */
function refuseTakenCode(participants: readonly Participant[], code: string, except?: string): void {
	if (participants.some((p) => !p.deleted && p.id !== except && sameCode(p.code, code))) throw new ValidationError([{ path: 'code', code: 'codeTaken' }]);
}

export async function addParticipant(
	data: Data,
	projectId: string,
	input: Omit<ParticipantInput, 'code'> & { code?: string },
	options: { consentNote?: string } = {}
): Promise<Participant> {
	const { ctx, repos } = data;
	return ctx.db.transaction('rw', participantTables, async () => {
		const project = await repos.projects.require(projectId);
		const existing = await ctx.db.participants.where('projectId').equals(projectId).toArray();
		const counter = nextPseudonymCounter(existing.map((p) => p.code), project.participantCounter);
		const code = input.code?.trim() || pseudonymCode(counter);
		refuseTakenCode(existing, code);
		const lifeStageId = await derivedLifeStage(data, projectId, input);
		const row = await repos.participants.create(projectId, { ...input, code, ...(lifeStageId !== undefined ? { lifeStageId } : {}) });
		await repos.projects.update(projectId, { participantCounter: nextPseudonymCounter([code], counter) - 1 });
		await recordConsentChange(data, row, null, options.consentNote);
		return row;
	});
}

export async function updateParticipant(
	data: Data,
	id: string,
	patch: Partial<ParticipantInput>,
	options: { consentNote?: string } = {}
): Promise<Participant> {
	const { ctx, repos } = data;
	return ctx.db.transaction('rw', participantTables, async () => {
		const current = await repos.participants.require(id);
		if (patch.code !== undefined && !sameCode(patch.code, current.code)) {
			refuseTakenCode(await ctx.db.participants.where('projectId').equals(current.projectId).toArray(), patch.code, id);
		}
		const merged = { lifeStageOverridden: current.lifeStageOverridden, age: current.age, ...patch };
		const lifeStageId = await derivedLifeStage(data, current.projectId, merged);
		const saved = await repos.participants.update(id, { ...patch, ...(lifeStageId !== undefined ? { lifeStageId } : {}) });
		await recordConsentChange(data, saved, current.consent, options.consentNote);
		return saved;
	});
}

/** Withdrawal keeps what consent covered (and the guardian's record), so a restore brings back the same consent. */
export async function withdrawConsent(data: Data, id: string, date: string, recordedBy: string): Promise<Participant> {
	return data.ctx.db.transaction('rw', participantTables, async () => {
		const p = await data.repos.participants.require(id);
		const consent: Consent = { status: 'withdrawn', date, scope: p.consent?.scope ?? [], recordedBy, guardian: p.consent?.guardian ?? null };
		const saved = await data.repos.participants.update(id, { consent });
		await recordConsentChange(data, saved, p.consent);
		return saved;
	});
}

export async function restoreConsent(data: Data, id: string, date: string, recordedBy: string): Promise<Participant> {
	return data.ctx.db.transaction('rw', participantTables, async () => {
		const p = await data.repos.participants.require(id);
		const consent: Consent = { status: 'given', date, scope: p.consent?.scope ?? ['notes'], recordedBy, guardian: p.consent?.guardian ?? null };
		const saved = await data.repos.participants.update(id, { consent });
		await recordConsentChange(data, saved, p.consent);
		return saved;
	});
}

/**
 * Deletes a participant and their evidence together (tombstones, one
 * transaction). Returns the undo, which brings back exactly what was removed.
 */
export async function deleteParticipant({ ctx, repos }: Data, id: string): Promise<() => Promise<void>> {
	const tables = ['participants', 'entries', 'outbox', 'syncState'] as const;
	const removedEntries = await ctx.db.transaction('rw', tables, async () => {
		const entries = (await ctx.db.entries.where('participantId').equals(id).toArray()).filter((e) => !e.deleted);
		for (const e of entries) await repos.entries.remove(e.id);
		await repos.participants.remove(id);
		return entries.map((e) => e.id);
	});
	return () =>
		ctx.db.transaction('rw', tables, async () => {
			await repos.participants.restore(id);
			for (const entryId of removedEntries) await repos.entries.restore(entryId);
		});
}
