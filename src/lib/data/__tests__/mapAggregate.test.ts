import { afterEach, describe, expect, it } from 'vitest';
import { entryKinds } from '$lib/domain/entry';
import type { Participant } from '$lib/domain/participant';
import type { Session } from '$lib/domain/session';
import { newId } from '$lib/domain/ids';
import { taggingId } from '$lib/domain/tagging';
import { applyRemoteChanges } from '$lib/sync/applyRemote';
import { formatHlc } from '$lib/sync/hlc';
import { rowField } from '$lib/sync/rowChange';
import type { PulledChange } from '$lib/sync/wire';
import { BulkWriter } from '../bulk';
import { buildMapCounts } from '../mapAggregate';
import { loadDemoProject } from '../demo';
import { cellEvidence, mapCounts, mapGrid } from '../mapCounts';
import { mapCountsDrift } from '../mapCountsDrift';
import { addParticipant, restoreConsent, withdrawConsent } from '../participants';
import { createProject } from '../projects';
import { restoreFromBin } from '../bin';
import { openTestData, type TestData } from '../testing';

let t: TestData;
afterEach(() => t?.db.close());

function random(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let x = a;
		x = Math.imul(x ^ (x >>> 15), x | 1);
		x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
		return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
	};
	return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

const consent = { status: 'given' as const, date: '2026-09-14', scope: ['notes' as const], recordedBy: 'user-a', guardian: null };

describe('the map counts kept with every write', () => {
	for (const seed of [1, 2, 3, 4]) {
		it(`equal a full recount after random writes, deletes, restores, withdrawals, map edits and pulled changes (seed ${seed})`, async () => {
			const rng = random(seed);
			let clock = Date.parse('2026-09-14T10:00:00Z');
			t = openTestData({ now: () => new Date((clock += 1000)) });
			const data = { ctx: t.ctx, repos: t.repos, db: t.db };
			const project = await createProject(t.ctx, t.repos, { name: 'Fjordvik', language: 'nb', template: 'ungtUtenforskap' });
			const pid = project.id;
			const regions = await t.repos.regions.listByProject(pid);
			const stages = await t.repos.lifeStages.listByProject(pid);
			const participants: Participant[] = [];
			for (let i = 0; i < 4; i++) participants.push(await addParticipant(data, pid, { code: `P-00${i}`, age: 19, consent }));
			const sessions: Session[] = [];
			for (let i = 0; i < 3; i++) {
				const members = participants.filter(() => rng.next() < 0.5).map((p) => p.id);
				sessions.push(await t.repos.sessions.create(pid, { kind: 'interview', title: `Samtale ${i}`, date: '2026-09-14', participantIds: members.length ? members : [participants[0].id] }));
			}
			const entries: string[] = [];
			let seq = 0;
			const remote = (table: string, rowId: string, field: string, value: unknown): PulledChange => ({
				seq: ++seq,
				opId: newId(),
				hlc: formatHlc({ millis: (clock += 1000), counter: 0, node: 'device-b' }),
				table: table as PulledChange['table'],
				rowId,
				field,
				value
			});

			const ops: (() => Promise<unknown>)[] = [
				async () => {
					const withdrawnOnes = new Set((await t.db.participants.toArray()).filter((p) => p.consent?.status === 'withdrawn').map((p) => p.id));
					const p = rng.pick(participants.filter((x) => !withdrawnOnes.has(x.id)).concat([null as never]));
					const e = await t.repos.entries
						.create(pid, { kind: rng.pick(entryKinds), text: `Bevis ${entries.length}`, participantId: p?.id ?? null, sessionId: rng.next() < 0.3 ? rng.pick(sessions).id : null })
						.catch(() => null);
					if (e) entries.push(e.id);
				},
				async () => entries.length && t.repos.taggings.tag(pid, rng.pick(entries), 'region', rng.pick(regions).id),
				async () => entries.length && t.repos.taggings.tag(pid, rng.pick(entries), 'lifeStage', rng.pick(stages).id),
				async () => entries.length && t.repos.taggings.untag(rng.pick(entries), rng.next() < 0.5 ? 'region' : 'lifeStage', rng.next() < 0.5 ? rng.pick(regions).id : rng.pick(stages).id),
				async () => entries.length && t.repos.entries.remove(rng.pick(entries)),
				async () => entries.length && restoreFromBin(t.db, t.repos, 'entries', rng.pick(entries), clock).catch(() => null),
				// (A participant a colleague deleted can no longer be changed here: that refusal is fine.)
				async () => withdrawConsent(data, rng.pick(participants).id, '2026-09-15', 'user-a').catch(() => null),
				async () => restoreConsent(data, rng.pick(participants).id, '2026-09-15', 'user-a').catch(() => null),
				async () => t.repos.sessions.update(rng.pick(sessions).id, { participantIds: participants.filter(() => rng.next() < 0.5).map((p) => p.id) }),
				// The map changes under the evidence: a region moved under another, back to the top, removed, restored.
				async () => {
					const r = rng.pick(regions);
					const parent = rng.next() < 0.5 ? null : rng.pick(regions.filter((x) => x.id !== r.id)).id;
					await t.repos.regions.update(r.id, { parentId: parent });
				},
				async () => t.repos.regions.remove(rng.pick(regions).id),
				async () => t.repos.regions.restore(rng.pick(regions).id),
				// A colleague's changes arrive by sync: new evidence with its tags, a tag removed, an entry deleted.
				async () => {
					const id = newId();
					const entry = { kind: 'unknown', text: 'Fra nettbrett B', sessionId: null, participantId: rng.next() < 0.5 ? rng.pick(participants).id : null, highlightId: null, source: '', unknown: null, reviewStatus: 'new', reviewedBy: null, reviewedAt: null, createdAt: new Date(clock).toISOString(), createdBy: 'user-b', deleted: 0 };
					const region = rng.pick(regions).id;
					const stage = rng.pick(stages).id;
					const tag = (kind: 'region' | 'lifeStage', tagId: string) =>
						remote('taggings', taggingId(id, kind, tagId), rowField, { targetId: id, kind, tagId, taggedBy: 'user-b', createdAt: new Date(clock).toISOString(), createdBy: 'user-b', deleted: 0 });
					// Tags may come before the evidence they tag (a page ends between them).
					const changes = rng.next() < 0.5 ? [tag('region', region), tag('lifeStage', stage), remote('entries', id, rowField, entry)] : [remote('entries', id, rowField, entry), tag('region', region), tag('lifeStage', stage)];
					await applyRemoteChanges(t.db, t.ctx.clock, pid, changes, seq);
					entries.push(id);
				},
				async () => entries.length && applyRemoteChanges(t.db, t.ctx.clock, pid, [remote('entries', rng.pick(entries), 'deleted', rng.next() < 0.7 ? 1 : 0)], seq),
				async () =>
					entries.length &&
					applyRemoteChanges(t.db, t.ctx.clock, pid, [remote('taggings', taggingId(rng.pick(entries), 'lifeStage', rng.pick(stages).id), 'deleted', 1)], seq),
				async () => applyRemoteChanges(t.db, t.ctx.clock, pid, [remote('participants', rng.pick(participants).id, 'deleted', rng.next() < 0.5 ? 1 : 0)], seq)
			];
			for (let step = 0; step < 120; step++) {
				const i = step < 20 ? rng.int(3) : rng.int(ops.length);
				// An edit of something removed a step before is refused (NotFoundError), as on a screen.
				// (By name: Dexie hands an error of that name back as its own NotFoundError.)
				await ops[i]().catch((e: unknown) => {
					if ((e as Error).name !== 'NotFoundError') throw e;
				});
				if (step % 10 === 9) expect(await mapCountsDrift(t.db, pid), `step ${step} (op ${i}, seed ${seed})`).toEqual([]);
			}
			expect(await mapCountsDrift(t.db, pid)).toEqual([]);
			// The run counted something, so agreement is not two empty maps.
			expect((await t.db.mapCells.where('projectId').equals(pid).count()) > 0).toBe(true);
		});
	}

	it("lists a tapped cell's evidence from the cell index, the same as counting it", async () => {
		t = openTestData();
		const project = await loadDemoProject(t.ctx, t.repos, 'nb');
		const counted = await mapGrid(t, project.id);
		const kept = await mapCounts(t, project.id);
		expect(kept.rows.map((r) => r.region.id)).toEqual(counted.rows.map((r) => r.region.id));
		for (const [key, ids] of counted.cells) {
			const [regionId, stageId] = key.split('|');
			const listed = await cellEvidence(t, project.id, regionId, stageId);
			expect(listed.map((e) => e.entry.id).sort()).toEqual([...ids].sort());
			expect(kept.counts.get(key)).toBe(ids.length);
		}
		expect(counted.cells.size).toBeGreaterThan(0);
	});

	it('is counted once from what a device already holds when the schema adds it', async () => {
		t = openTestData();
		const project = await loadDemoProject(t.ctx, t.repos, 'nb');
		// As before the version that added them: no counts kept. The upgrade counts them from the rows.
		await t.db.mapEntries.clear();
		await t.db.mapCells.clear();
		expect(await mapCountsDrift(t.db, project.id)).not.toEqual([]);
		await t.db.transaction('rw', ['entries', 'taggings', 'regions', 'participants', 'sessions', 'mapEntries', 'mapCells'], (tx) => buildMapCounts(tx));
		expect(await mapCountsDrift(t.db, project.id)).toEqual([]);
	});

	it('moves with the bulk path too', async () => {
		t = openTestData();
		const project = await createProject(t.ctx, t.repos, { name: 'Fjordvik', language: 'nb', template: 'ungtUtenforskap' });
		const [region] = await t.repos.regions.listByProject(project.id);
		const [stage] = await t.repos.lifeStages.listByProject(project.id);
		const bulk = new BulkWriter(t.ctx, t.repos);
		for (let i = 0; i < 50; i++) {
			const e = bulk.create(t.repos.entries, project.id, { kind: i % 5 ? 'observation' : 'unknown', text: `Bevis ${i}` });
			bulk.tag(project.id, e.id, 'region', region.id);
			bulk.tag(project.id, e.id, 'lifeStage', stage.id);
		}
		await bulk.flush();
		const kept = await mapCounts(t, project.id);
		expect(kept.counts.get(`${region.id}|${stage.id}`)).toBe(50);
		expect(kept.unknowns.get(`${region.id}|${stage.id}`)).toBe(10);
		expect(await mapCountsDrift(t.db, project.id)).toEqual([]);
		// Rows erased for good (not tombstoned), and a table cleared, move them too.
		const someEntries = (await t.db.entries.where('projectId').equals(project.id).primaryKeys()).slice(0, 7);
		await t.db.entries.bulkDelete(someEntries);
		expect((await mapCounts(t, project.id)).counts.get(`${region.id}|${stage.id}`)).toBe(43);
		expect(await mapCountsDrift(t.db, project.id)).toEqual([]);
		await t.db.taggings.clear();
		expect((await mapCounts(t, project.id)).counts.size).toBe(0);
		expect(await mapCountsDrift(t.db, project.id)).toEqual([]);
	});
});
