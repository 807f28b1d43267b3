import { describe, expect, it } from 'vitest';
import type { LocalData } from '$lib/data/local';
import { mapGrid } from '$lib/data/mapCounts';
import { restoreConsent, withdrawConsent } from '$lib/data/participants';
import { sessionNoteRedaction, visibleSessionAttachments } from '$lib/data/redaction';
import { redactFixture, words } from '$lib/exchange/__tests__/redactFixture';
import { m } from '$lib/i18n/generated/messages';
import { createBoard, createCluster, placeCard } from '$lib/review/data';
import { boardView, insightsView, presentationView, reviewQueue } from '$lib/review/queries';
import { libraryData } from '$lib/search/library';

const label = m.redaction_block();

describe('screens under withdrawn consent', () => {
	it("give the library and the search index none of a withdrawn participant's words, keep the others', and bring them back on restore", async () => {
		const f = await redactFixture();
		const data = { ...f, deviceId: 'device-a', identity: null } as unknown as LocalData;
		const everything = async () => {
			const { items, docs } = await libraryData(data, f.projectId);
			return [...docs.map((d) => d.text), ...items.map((i) => (i.type === 'entry' ? i.entry.text : i.session.title))].join('\n');
		};
		expect(await everything()).toContain(words.ada);

		await withdrawConsent(f, f.ada, '2026-11-01', 'user-a');
		const hidden = await everything();
		for (const w of [words.ada, words.adaSecond, words.alone, words.adaOnly, words.overlap]) expect(hidden, w).not.toContain(w);
		for (const w of [words.bo, words.boOnly, words.team]) expect(hidden, w).toContain(w);
		const { items, docs } = await libraryData(data, f.projectId);
		// The shared session is still found by Bo's words, and says where Ada's were.
		expect(docs.find((d) => d.id === f.sharedSession)!.text).toContain(`Ada: ${label}. Bo: ${words.bo}`);
		// Bo's highlight that shared a word with Ada's shows it redacted, and cannot be edited so.
		const overlap = items.find((i) => i.type === 'entry' && i.entry.highlightId === f.ids.boOverlap);
		expect(overlap?.type === 'entry' && overlap.entry.text).toBe(`${label} ${words.boOnly}`);
		expect(overlap?.type === 'entry' && overlap.redacted).toBe(true);

		await restoreConsent(f, f.ada, '2026-11-02', 'user-a');
		const back = await everything();
		for (const w of [words.ada, words.adaSecond, words.alone, words.overlap]) expect(back, w).toContain(w);
		expect(back).not.toContain(label);
		f.db.close();
	});

	it('tells the session page to hide a note that was theirs alone and to redact a shared one', async () => {
		const f = await redactFixture();
		expect(await sessionNoteRedaction(f.db, f.sharedSession)).toEqual({ mode: 'open' });
		await withdrawConsent(f, f.ada, '2026-11-01', 'user-a');
		expect(await sessionNoteRedaction(f.db, f.aloneSession)).toEqual({ mode: 'hidden' });
		const shared = await sessionNoteRedaction(f.db, f.sharedSession);
		expect(shared.mode).toBe('redacted');
		expect(shared.mode === 'redacted' && shared.codes).toEqual(['P-001']);
		expect(shared.mode === 'redacted' && shared.hidden.map(([id]) => id).sort()).toEqual([f.ids.ada, f.ids.adaOverlap, f.ids.adaSecond].sort());
		// The photo of the shared session is hidden too, and counted.
		expect(await visibleSessionAttachments(f.db, f.sharedSession)).toMatchObject({ attachments: [], hidden: 1 });
		await restoreConsent(f, f.ada, '2026-11-02', 'user-a');
		expect(await sessionNoteRedaction(f.db, f.sharedSession)).toEqual({ mode: 'open' });
		expect((await visibleSessionAttachments(f.db, f.sharedSession)).attachments).toHaveLength(1);
		f.db.close();
	});

	it('tells the team how much evidence an insight and a cluster lost, and keeps it out of review, map and presentation', async () => {
		const f = await redactFixture();
		const data = { ...f, deviceId: 'device-a', identity: null } as unknown as LocalData;
		const boardId = await createBoard(f, f.projectId, 'Tavle');
		const clusterId = await createCluster(f, f.projectId, boardId, 'Skole');
		for (const h of [f.ids.ada, f.ids.bo]) await placeCard(f, f.projectId, boardId, f.entryOf.get(h)!, { clusterId });
		const adaEntry = f.entryOf.get(f.ids.ada)!;
		const mapIds = async () => [...(await mapGrid(data, f.projectId)).cells.values()].flat();

		await withdrawConsent(f, f.ada, '2026-11-01', 'user-a');
		const insight = (await insightsView(data, f.projectId)).insights.find((i) => i.insight.id === f.insightId)!;
		expect(insight.hidden).toBe(1);
		expect(insight.evidence.map((e) => e.entry.id)).toEqual([f.entryOf.get(f.ids.bo)]);
		const cluster = (await boardView(data, f.projectId, boardId, 'user-a'))!.clusters[0];
		expect(cluster.hidden).toBe(1);
		expect(cluster.cards.map((c) => c.id)).toEqual([f.entryOf.get(f.ids.bo)]);
		expect((await reviewQueue(data, f.projectId, 'all')).items.some((i) => i.entry.id === adaEntry)).toBe(false);
		expect(await mapIds()).not.toContain(adaEntry);
		const slides = await presentationView(f, f.projectId);
		expect(JSON.stringify(slides)).not.toContain(words.ada);

		await restoreConsent(f, f.ada, '2026-11-02', 'user-a');
		expect((await insightsView(data, f.projectId)).insights.find((i) => i.insight.id === f.insightId)!.hidden).toBe(0);
		expect((await boardView(data, f.projectId, boardId, 'user-a'))!.clusters[0].cards).toHaveLength(2);
		f.db.close();
	});
});
