import { describe, expect, it } from 'vitest';
import { mergeCodes } from '../codebook';
import { createProject } from '../projects';
import { openTestData } from '../testing';
import { compareCoders, intercoderData } from '$lib/review/queries';
import type { LocalData } from '../local';

// Two researchers code the same highlights on one tablet, taking turns: the shared tag is
// one row, but each one's decision is kept as their own coding.
async function setup() {
	let who = 'anna';
	const t = openTestData({
		get actor() {
			return who;
		}
	});
	const as = (name: string) => (who = name);
	const p = await createProject(t.ctx, t.repos, { name: 'Agder', language: 'nb', template: 'empty' });
	const trust = await t.repos.codes.create(p.id, { name: 'Tillit' });
	const shift = await t.repos.codes.create(p.id, { name: 'Overganger' });
	const quote = (text: string) => t.repos.entries.create(p.id, { kind: 'quote', text, highlightId: `hl-${text.length}`, sessionId: 's1' });
	const e1 = await quote('Jeg stoler ikke på dem');
	const e2 = await quote('Hun hørte faktisk på meg');
	return { t, p, trust, shift, e1, e2, as };
}

const live = async (t: ReturnType<typeof openTestData>) =>
	(await t.db.codings.toArray())
		.filter((c) => !c.deleted)
		.map((c) => `${c.coder}:${c.codeId}`)
		.sort();

describe('codings: each coder’s own decisions', () => {
	it('a code both researchers apply is one tag but two codings, and counts as agreement', async () => {
		const { t, p, trust, shift, e1, e2, as } = await setup();
		await t.repos.taggings.tag(p.id, e1.id, 'code', trust.id);
		await t.repos.taggings.tag(p.id, e2.id, 'code', shift.id);
		as('bjorn');
		await t.repos.taggings.tag(p.id, e1.id, 'code', trust.id);
		await t.repos.taggings.tag(p.id, e2.id, 'code', trust.id);

		expect((await t.repos.taggings.forTarget(e1.id)).length).toBe(1);
		expect(await live(t)).toEqual([`anna:${shift.id}`, `anna:${trust.id}`, `bjorn:${trust.id}`, `bjorn:${trust.id}`].sort());

		const data = await intercoderData({ ...t, deviceId: 'device-a', identity: { userId: 'anna', displayName: '' } } as LocalData, p.id);
		const result = compareCoders(data.codings, 'anna', 'bjorn', data.codes);
		const byName = Object.fromEntries(result.codes.map((c) => [data.codes.get(c.codeId), c.table]));
		expect(byName.Tillit).toEqual({ both: 1, onlyA: 0, onlyB: 1, neither: 0 });
		expect(byName.Overganger).toEqual({ both: 0, onlyA: 1, onlyB: 0, neither: 1 });
	});

	it('untagging removes only the untagging coder’s own coding; the shared tag stays while a colleague’s coding stands', async () => {
		const { t, p, trust, e1, as } = await setup();
		await t.repos.taggings.tag(p.id, e1.id, 'code', trust.id);
		as('bjorn');
		await t.repos.taggings.tag(p.id, e1.id, 'code', trust.id);
		await t.repos.taggings.untag(e1.id, 'code', trust.id);
		expect(await live(t)).toEqual([`anna:${trust.id}`]);
		// Anna's decision still applies the code: the tag is not removed from under her.
		expect((await t.repos.taggings.forTarget(e1.id)).map((x) => x.tagId)).toEqual([trust.id]);
		as('anna');
		await t.repos.taggings.untag(e1.id, 'code', trust.id);
		expect(await live(t)).toEqual([]);
		expect(await t.repos.taggings.forTarget(e1.id)).toEqual([]);
	});

	it('region and life-stage tags are not codings', async () => {
		const { t, p, e1 } = await setup();
		await t.repos.taggings.tag(p.id, e1.id, 'region', 'region-1');
		expect(await live(t)).toEqual([]);
	});

	it('merging codes moves each coder’s codings with the coder kept, and undo puts them back', async () => {
		const { t, p, trust, shift, e1, as } = await setup();
		await t.repos.taggings.tag(p.id, e1.id, 'code', shift.id);
		as('bjorn');
		await t.repos.taggings.tag(p.id, e1.id, 'code', trust.id);
		as('carl');
		const undo = await mergeCodes(t, shift.id, trust.id);
		expect(await live(t)).toEqual([`anna:${trust.id}`, `bjorn:${trust.id}`]);
		await undo();
		expect(await live(t)).toEqual([`anna:${shift.id}`, `bjorn:${trust.id}`]);
	});
});
