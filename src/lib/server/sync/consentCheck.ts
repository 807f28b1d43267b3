import { consentProblem, type ConsentRefusal } from '$lib/domain/consent';
import { guardianAgeOf } from '$lib/domain/project';
import type { SyncedTableName } from '$lib/domain/tables';
import { participantSchema, type ConsentScope, type Participant } from '$lib/domain/participant';
import { fieldChangesOf } from '$lib/sync/rowChange';
import type { RejectedChange } from '$lib/sync/wire';
import type { SqlClient } from './sql';
import type { RowWrite, StoredRow } from './validateRows';

/**
 * Consent before capture, on the server: the same rule the device applies before it
 * writes (see `data/captureGate.ts`), so that no device – an old build, a tablet that
 * queued captures offline before consent changed, a script – can attach words to a
 * participant who has not consented to notes.
 *
 * Evidence is an entry or a highlight. It is attributed to its own participant
 * (`participantId`) and to every participant of the session it was captured in
 * (`sessionId`). It is checked when it is created and when either of those fields
 * changes; review marks, tags or a deletion of existing evidence are never held up.
 * Consent is read as it stands after this push: a push that records consent and then
 * the capture (in that order or not) is judged by the consent it brings, provided that
 * consent is newer than what the server holds (last writer wins, as it will be stored).
 */

const evidenceTables = new Set<SyncedTableName>(['entries', 'highlights', 'attachments']);
const attributionFields = ['sessionId', 'participantId'] as const;
const participantFields = ['code', 'consent', 'age', 'ageBand', 'deleted'] as const;

type Fields = Record<string, unknown>;
const key = (table: string, rowId: string) => `${table}/${rowId}`;

/**
 * The given fields of rows of one table as they will stand once this push is applied:
 * the stored value, replaced by the push's where the push's stamp is newer.
 */
async function stateAfterPush(
	tx: SqlClient,
	projectId: string,
	table: SyncedTableName,
	rowIds: readonly string[],
	fields: readonly string[],
	writes: readonly RowWrite[]
): Promise<Map<string, Fields>> {
	const state = new Map<string, { values: Fields; stamps: Record<string, string> }>();
	const row = (id: string) => {
		let r = state.get(id);
		if (!r) state.set(id, (r = { values: {}, stamps: {} }));
		return r;
	};
	if (rowIds.length > 0) {
		const stored = await tx.query<{ row_id: string; field: string; value: unknown; hlc: string }>(
			`select row_id, field, value, hlc from field_state
			 where project_id = $1 and tbl = $2 and row_id = any($3::text[]) and field = any($4::text[])`,
			[projectId, table, [...rowIds], [...fields]]
		);
		for (const s of stored) {
			const r = row(s.row_id);
			r.values[s.field] = s.value;
			r.stamps[s.field] = s.hlc;
		}
	}
	const wanted = new Set(rowIds);
	for (const w of writes) {
		if (w.table !== table || !wanted.has(w.rowId)) continue;
		for (const c of w.changes.flatMap((change) => fieldChangesOf(change))) {
			if (!fields.includes(c.field)) continue;
			const r = row(w.rowId);
			// Compared as the field state compares them (byte order), so this is what will be stored.
			if (r.stamps[c.field] === undefined || c.hlc > r.stamps[c.field]) {
				r.values[c.field] = c.value;
				r.stamps[c.field] = c.hlc;
			}
		}
	}
	return new Map([...state].map(([id, r]) => [id, r.values]));
}

/** A participant's consent-relevant fields as the consent rules read them; null when not a usable row. */
function asParticipant(fields: Fields | undefined): Pick<Participant, 'code' | 'consent' | 'age' | 'ageBand'> | null {
	if (!fields || typeof fields.code !== 'string') return null;
	const shape = participantSchema.shape;
	const consent = shape.consent.safeParse(fields.consent ?? null);
	const age = shape.age.safeParse(fields.age ?? null);
	const ageBand = shape.ageBand.safeParse(fields.ageBand ?? null);
	// A value that does not parse counts as no consent: when in doubt, do not capture.
	return { code: fields.code, consent: consent.success ? consent.data : null, age: age.success ? age.data : null, ageBand: ageBand.success ? ageBand.data : null };
}

/**
 * One refusal (`consent_missing`) per change of every evidence row this push would
 * attribute to a participant without consent to notes. Runs in the push's transaction,
 * under its lock, after the row checks.
 */
export async function consentRefusals(tx: SqlClient, projectId: string, writes: RowWrite[], stored: Map<string, StoredRow>): Promise<RejectedChange[]> {
	const candidates = writes.filter((w) => {
		if (!evidenceTables.has(w.table)) return false;
		const existing = stored.get(key(w.table, w.rowId));
		const deleted = Object.hasOwn(w.fields, 'deleted') ? w.fields.deleted : existing?.deleted;
		if (deleted === 1) return false;
		return !existing || attributionFields.some((f) => Object.hasOwn(w.fields, f));
	});
	if (candidates.length === 0) return [];

	// An edit that names only one of the two fields keeps the other as stored.
	const attribution = new Map<RowWrite, { sessionId: string | null; participantId: string | null; scope: ConsentScope }>();
	const byTable = new Map<SyncedTableName, RowWrite[]>();
	for (const w of candidates) byTable.set(w.table, [...(byTable.get(w.table) ?? []), w]);
	for (const [table, ws] of byTable) {
		// A recording needs consent to audio, a photo to photos (as the device asks before it records); words need notes.
		const fields = table === 'attachments' ? [...attributionFields, 'kind'] : attributionFields;
		const current = await stateAfterPush(tx, projectId, table, ws.map((w) => w.rowId), fields, writes);
		for (const w of ws) {
			const f = current.get(w.rowId) ?? {};
			const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
			const scope: ConsentScope = table !== 'attachments' ? 'notes' : f.kind === 'photo' ? 'photo' : 'audio';
			attribution.set(w, { sessionId: str(f.sessionId), participantId: str(f.participantId), scope });
		}
	}

	const sessionIds = [...new Set([...attribution.values()].map((a) => a.sessionId).filter((s): s is string => !!s))];
	const sessions = await stateAfterPush(tx, projectId, 'sessions', sessionIds, ['participantIds', 'deleted'], writes);
	const involved = new Map<RowWrite, string[]>();
	for (const [w, a] of attribution) {
		const ids = new Set<string>();
		if (a.participantId) ids.add(a.participantId);
		const session = a.sessionId ? sessions.get(a.sessionId) : undefined;
		if (session && session.deleted !== 1 && Array.isArray(session.participantIds)) {
			for (const id of session.participantIds) if (typeof id === 'string') ids.add(id);
		}
		involved.set(w, [...ids]);
	}
	const participantIds = [...new Set([...involved.values()].flat())];
	if (participantIds.length === 0) return [];
	const participants = await stateAfterPush(tx, projectId, 'participants', participantIds, participantFields, writes);
	const project = await stateAfterPush(tx, projectId, 'projects', [projectId], ['guardianAge'], writes);
	const guardianAge = project.get(projectId)?.guardianAge;
	const options = { guardianAge: guardianAgeOf({ guardianAge: typeof guardianAge === 'number' ? guardianAge : undefined }) };

	const rejected: RejectedChange[] = [];
	for (const [w, ids] of involved) {
		const lacking: { code: string; problem: ConsentRefusal }[] = [];
		const scope = attribution.get(w)!.scope;
		for (const id of ids) {
			const fields = participants.get(id);
			if (fields?.deleted === 1) continue;
			const p = asParticipant(fields);
			const problem = p ? consentProblem(p, scope, options) : 'noParticipantConsent';
			if (problem) lacking.push({ code: p?.code ?? id, problem });
		}
		if (lacking.length === 0) continue;
		const who = lacking.map((l) => `${l.code} (${l.problem})`).join(', ');
		const message = `This ${w.table} row is attributed to participants without consent to ${scope}: ${who}. Record their consent first.`;
		for (const c of w.changes) rejected.push({ opId: c.opId, code: 'consent_missing', message });
	}
	return rejected;
}
