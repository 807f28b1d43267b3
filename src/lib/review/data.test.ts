import { describe, expect, it } from 'vitest';
import { openTestData } from '$lib/data/testing';
import type { LocalData } from '$lib/data/local';
import {
	NoEvidenceError,
	addComment,
	createArea,
	createBoard,
	createCluster,
	createInsight,
	placeCard,
	removeBoard,
	removeCluster,
	removeInsight,
	setDots,
	setReviewStatus,
	updateInsight
} from './data';
import { boardView, commentsFor, evidenceHref, insightsView, intercoderData, compareCoders, reviewQueue } from './queries';

async function setup(actor = 'user-a') {
	const t = openTestData({ actor, now: () => new Date('2026-10-10T10:00:00Z') });
	const local = { ...t, deviceId: 'device-a', identity: { userId: actor, displayName: '' } } as LocalData;
	const entries = [];
	for (let i = 1; i <= 5; i++) entries.push((await t.repos.entries.create('p1', { kind: 'quote', text: `Sitat ${i}` })).id);
	return { t, local, entries };
}

describe('clustering cards on boards', () => {
	it('a card sits in one cluster per board, moves between clusters, and is free on other boards', async () => {
		const { t, local, entries } = await setup();
		const board = await createBoard(t, 'p1', 'Første runde');
		const other = await createBoard(t, 'p1', 'Andre runde');
		const c1 = await createCluster(t, 'p1', board, 'Skole');
		const c2 = await createCluster(t, 'p1', board, 'Tillit');
		await placeCard(t, 'p1', board, entries[0], { clusterId: c1 });
		await placeCard(t, 'p1', board, entries[0], { clusterId: c2 });
		await placeCard(t, 'p1', other, entries[0], { newCluster: true, name: 'Annet' });

		const view = (await boardView(local, 'p1', board, 'user-a'))!;
		expect(view.clusters.map((c) => [c.cluster.name, c.cards.map((e) => e.id)])).toEqual([
			['Skole', []],
			['Tillit', [entries[0]]]
		]);
		expect(view.unsorted).toHaveLength(4);
		const otherView = (await boardView(local, 'p1', other, 'user-a'))!;
		expect(otherView.clusters).toHaveLength(1);
		expect(otherView.clusters[0].cards.map((e) => e.id)).toEqual([entries[0]]);
		// One membership row per board and entry, never two.
		const rows = await t.db.clusterMembers.where('entryId').equals(entries[0]).toArray();
		expect(rows.map((r) => r.id).sort()).toEqual([`cm:${board}:${entries[0]}`, `cm:${other}:${entries[0]}`]);
		// Clusters get different colours.
		expect(view.clusters[0].cluster.colour).not.toBe(view.clusters[1].cluster.colour);
	});

	it('placing is undoable, including a cluster made for the card', async () => {
		const { t, local, entries } = await setup();
		const board = await createBoard(t, 'p1', 'Tavle');
		const c1 = await createCluster(t, 'p1', board, 'Skole');
		await placeCard(t, 'p1', board, entries[1], { clusterId: c1 });
		const moved = await placeCard(t, 'p1', board, entries[1], { newCluster: true });
		expect((await boardView(local, 'p1', board, 'user-a'))!.clusters).toHaveLength(2);
		await moved.undo();
		const view = (await boardView(local, 'p1', board, 'user-a'))!;
		expect(view.clusters.map((c) => c.cards.map((e) => e.id))).toEqual([[entries[1]]]);
		const back = await placeCard(t, 'p1', board, entries[1], { clusterId: null });
		expect((await boardView(local, 'p1', board, 'user-a'))!.unsorted).toHaveLength(5);
		await back.undo();
		expect((await boardView(local, 'p1', board, 'user-a'))!.clusters[0].cards).toHaveLength(1);
	});

	it('deleting a cluster sends its cards back to unsorted; undo restores both; a board too', async () => {
		const { t, local, entries } = await setup();
		const board = await createBoard(t, 'p1', 'Tavle');
		const c1 = await createCluster(t, 'p1', board, 'Skole');
		await placeCard(t, 'p1', board, entries[0], { clusterId: c1 });
		await placeCard(t, 'p1', board, entries[1], { clusterId: c1 });
		const undo = await removeCluster(t, c1);
		let view = (await boardView(local, 'p1', board, 'user-a'))!;
		expect(view.clusters).toHaveLength(0);
		expect(view.unsorted).toHaveLength(5);
		await undo();
		view = (await boardView(local, 'p1', board, 'user-a'))!;
		expect(view.clusters[0].cards).toHaveLength(2);

		const undoBoard = await removeBoard(t, board);
		expect(await boardView(local, 'p1', board, 'user-a')).toBeNull();
		await undoBoard();
		expect((await boardView(local, 'p1', board, 'user-a'))!.clusters[0].cards).toHaveLength(2);
	});

	it('counts dots per reviewer on a cluster, and every write is queued for sync', async () => {
		const { t, local } = await setup();
		const board = await createBoard(t, 'p1', 'Tavle');
		const c1 = await createCluster(t, 'p1', board);
		await setDots(t, 'p1', c1, 2);
		await setDots(t, 'p1', c1, 3);
		const view = (await boardView(local, 'p1', board, 'user-a'))!;
		expect(view.clusters[0]).toMatchObject({ dots: 3, myDots: 3 });
		const queued = new Set((await t.db.outbox.toArray()).map((c) => c.table));
		expect([...queued]).toEqual(expect.arrayContaining(['boards', 'clusters', 'votes']));
	});
});

describe('review status, insights and comments', () => {
	it('marks an entry with who and when, undoably', async () => {
		const { t, local, entries } = await setup('kari');
		const undo = await setReviewStatus(t, entries[2], 'questioned');
		expect(await t.repos.entries.get(entries[2])).toMatchObject({ reviewStatus: 'questioned', reviewedBy: 'kari', reviewedAt: '2026-10-10T10:00:00.000Z' });
		const queue = await reviewQueue(local, 'p1', 'new');
		expect(queue.counts).toMatchObject({ all: 5, new: 4, questioned: 1 });
		expect(queue.items).toHaveLength(4);
		await undo();
		expect(await t.repos.entries.get(entries[2])).toMatchObject({ reviewStatus: 'new', reviewedBy: null });
	});

	it('an insight needs evidence; it links to each piece in its session', async () => {
		const { t, local, entries } = await setup();
		await expect(createInsight(t, 'p1', { statement: 'Ingen spør', confidence: 'high', evidenceIds: [] })).rejects.toBeInstanceOf(NoEvidenceError);
		const id = await createInsight(t, 'p1', { statement: 'Ingen spør', confidence: 'high', evidenceIds: [entries[0], entries[1]] });
		await expect(updateInsight(t, id, { evidenceIds: [] })).rejects.toBeInstanceOf(NoEvidenceError);
		await updateInsight(t, id, { status: 'agreed' });
		const view = await insightsView(local, 'p1');
		expect(view.insights[0].insight).toMatchObject({ status: 'agreed', confidence: 'high' });
		expect(view.insights[0].evidence.map((e) => e.entry.id)).toEqual([entries[0], entries[1]]);
		expect(evidenceHref({ sessionId: 's1', highlightId: 'h1' })).toBe('/sessions/s1#highlight-h1');
		expect(evidenceHref({ sessionId: 's1', highlightId: null })).toBe('/sessions/s1');
		expect(evidenceHref({ sessionId: null, highlightId: null })).toBeNull();
	});

	it('deleting an insight takes it out of its areas; undo puts it back', async () => {
		const { t, entries } = await setup();
		const id = await createInsight(t, 'p1', { statement: 'Ingen spør', confidence: 'medium', evidenceIds: [entries[0]] });
		const area = await createArea(t, 'p1', { name: 'Overganger', loop: '', insightIds: [id], regionIds: [], portfolio: '', mainProject: false });
		const undo = await removeInsight(t, id);
		expect((await t.repos.innovationAreas.get(area))!.insightIds).toEqual([]);
		await undo();
		expect((await t.repos.innovationAreas.get(area))!.insightIds).toEqual([id]);
		expect((await t.repos.insights.get(id))!.deleted).toBe(0);
	});

	it('keeps comments with their mentions in order', async () => {
		const { t, local, entries } = await setup();
		await addComment(t, 'p1', entries[0], 'Første', []);
		await addComment(t, 'p1', entries[0], 'Hei @Ola', ['name:Ola']);
		const comments = await commentsFor(local, entries[0]);
		expect(comments.map((c) => [c.text, c.mentions])).toEqual([
			['Første', []],
			['Hei @Ola', ['name:Ola']]
		]);
	});
});

describe('intercoder data', () => {
	it('counts code tags from before per-coder codings for the researcher who added them', async () => {
		const { t, local } = await setup();
		const code = await t.repos.codes.create('p1', { name: 'Skole' });
		const other = await t.repos.codes.create('p1', { name: 'Tillit' });
		const h1 = await t.repos.entries.create('p1', { kind: 'quote', text: 'x', highlightId: 'h1', sessionId: 's' });
		const h2 = await t.repos.entries.create('p1', { kind: 'quote', text: 'y', highlightId: 'h2', sessionId: 's' });
		const put = (target: string, tag: string, by: string) =>
			t.repos.taggings.create('p1', { targetId: target, kind: 'code', tagId: tag, taggedBy: by }, `tg:code:${target}:${tag}:${by}`);
		await put(h1.id, code.id, 'kari');
		await put(h1.id, code.id, 'ola');
		await put(h2.id, code.id, 'kari');
		await put(h2.id, other.id, 'ola');
		const d = await intercoderData(local, 'p1');
		expect(d.coders.sort()).toEqual(['kari', 'ola']);
		const result = compareCoders(d.codings, 'kari', 'ola', d.codes);
		expect(result.codes.map((c) => [d.codes.get(c.codeId), c.table.both, c.table.onlyA, c.table.onlyB])).toEqual([
			['Skole', 1, 1, 0],
			['Tillit', 0, 0, 1]
		]);
	});
});
