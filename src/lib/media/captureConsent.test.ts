import { afterEach, describe, expect, it } from 'vitest';
import { createProject } from '$lib/data/projects';
import { openTestData, type TestData } from '$lib/data/testing';
import type { ConsentScope } from '$lib/domain/participant';
import { sessionCaptureConsent } from './captureConsent';

let t: TestData;
afterEach(() => t?.db.close());

async function fixture() {
	t = openTestData();
	const { id: projectId } = await createProject(t.ctx, t.repos, { name: 'Fjordvik', language: 'nb', template: 'empty' });
	const person = (code: string, scope: ConsentScope[], status: 'given' | 'withdrawn' = 'given') =>
		t.repos.participants.create(projectId, { code, consent: { status, date: '2026-09-14', scope, recordedBy: 'u' } });
	const p1 = await person('P-001', ['notes', 'audio', 'quotes']);
	const p3 = await person('P-003', ['notes']);
	const p4 = await person('P-004', ['notes', 'audio', 'photo', 'quotes']);
	const session = (participantIds: string[]) =>
		t.repos.sessions.create(projectId, { kind: 'interview', title: 'Samtale', date: '2026-09-14', participantIds });
	return { projectId, p1, p3, p4, session };
}

describe('sessionCaptureConsent', () => {
	it('reads the session participants and checks the scope for every one of them', async () => {
		const { p1, p3, p4, session } = await fixture();
		const fyret = await session([p1.id, p4.id]);
		expect(await sessionCaptureConsent(t.db, fyret.id, 'audio')).toEqual({ ok: true });
		expect(await sessionCaptureConsent(t.db, fyret.id, 'photo')).toEqual({ ok: false, reason: 'scopeMissing', codes: ['P-001'] });
		const nav = await session([p3.id]);
		expect(await sessionCaptureConsent(t.db, nav.id, 'audio')).toEqual({ ok: false, reason: 'scopeMissing', codes: ['P-003'] });
		const workshop = await session([]);
		expect(await sessionCaptureConsent(t.db, workshop.id, 'photo')).toEqual({ ok: true });
	});

	it('sees a consent withdrawn a moment ago', async () => {
		const { p1, p4, session } = await fixture();
		const fyret = await session([p1.id, p4.id]);
		await t.repos.participants.update(p4.id, { consent: { status: 'withdrawn', date: '2026-09-15', scope: [], recordedBy: 'u' } });
		expect(await sessionCaptureConsent(t.db, fyret.id, 'audio')).toEqual({ ok: false, reason: 'consentWithdrawn', codes: ['P-004'] });
	});

	it('refuses when a participant is not on this device or the session is gone', async () => {
		const { p1, session } = await fixture();
		const s = await session([p1.id, 'not-synced-yet']);
		expect(await sessionCaptureConsent(t.db, s.id, 'audio')).toEqual({ ok: false, reason: 'noParticipantConsent', codes: [] });
		expect(await sessionCaptureConsent(t.db, 'missing', 'audio')).toMatchObject({ ok: false });
	});
});
