import { describe, expect, it } from 'vitest';
import { entryKinds } from '$lib/domain/entry';
import { handwrittenDemo } from '$lib/domain/demo/demoData';
import { findDemoProject, loadDemoProject } from '../demo';
import { openTestData } from '../testing';

describe('demo project', () => {
	it('has participants with pseudonyms and consent, sessions, every kind of entry, and tags on every entry', async () => {
		const t = openTestData();
		const p = await loadDemoProject(t.ctx, t.repos, 'nb');
		const participants = await t.repos.participants.listByProject(p.id);
		expect(participants.map((x) => x.code)).toEqual(['P-001', 'P-002', 'P-003', 'P-004']);
		expect(participants.every((x) => x.consent?.status === 'given' && x.lifeStageId)).toBe(true);
		expect(await t.repos.sessions.listByProject(p.id)).toHaveLength(3);
		const entries = await t.repos.entries.listByProject(p.id);
		expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(entryKinds));
		for (const e of entries) {
			const tags = await t.repos.taggings.forTarget(e.id);
			expect(tags.some((x) => x.kind === 'region')).toBe(true);
			expect(tags.some((x) => x.kind === 'lifeStage')).toBe(true);
		}
		t.db.close();
	});

	it('is found again once loaded, in either language, so the screen can open it instead of loading a second copy', async () => {
		const t = openTestData();
		expect(await findDemoProject(t.ctx)).toBeUndefined();
		const p = await loadDemoProject(t.ctx, t.repos, 'en');
		expect((await findDemoProject(t.ctx))?.id).toBe(p.id);
		// A generated demo of another size is another demo; a deleted one is not offered.
		expect(await findDemoProject(t.ctx, { ...handwrittenDemo, entries: handwrittenDemo.entries.slice(0, 2) })).toBeUndefined();
		await t.repos.projects.remove(p.id);
		expect(await findDemoProject(t.ctx)).toBeUndefined();
		t.db.close();
	});
});
