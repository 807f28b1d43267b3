import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { announceSetupCode } from '$lib/server/auth/setupCode';
import { useStorageForTests } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import { apiClient, type ApiClient } from '$lib/server/http/testing';
import { acceptInviteWithNewAccount, createInvite } from '$lib/server/projects/invites';
import { createRowChanges } from '$lib/server/sync/fixtures';
import * as setup from '../../../routes/api/auth/setup/+server';
import * as logout from '../../../routes/api/auth/logout/+server';
import * as projects from '../../../routes/api/projects/+server';
import * as live from '../../../routes/api/projects/[projectId]/live/+server';
import * as members from '../../../routes/api/projects/[projectId]/members/[userId]/+server';
import * as push from '../../../routes/api/projects/[projectId]/sync/push/+server';
import * as presenceRoute from '../../../routes/api/projects/[projectId]/presence/+server';
import type { PresenceEntry } from '$lib/sync/presenceWire';
import { LiveHub, liveHub, type LiveStream } from './hub';
import { liveStreamResponse } from './stream';

const SETUP_CODE = 'LIVE-SETUP-CODE';
const PROJECT = '0196a3c0-0000-7000-8000-0000000000aa';

/** Reads an event stream as it comes: the events so far, and whether it ended. */
function reader(response: Response) {
	const source = response.body!.getReader();
	const decoder = new TextDecoder();
	const state = { text: '', ended: false };
	void (async () => {
		for (;;) {
			const { done, value } = await source.read();
			if (done) break;
			state.text += decoder.decode(value, { stream: true });
		}
		state.ended = true;
	})().catch(() => (state.ended = true));
	const all = () =>
		state.text
			.split('\n\n')
			.filter((block) => /^event: /m.test(block))
			.map((block) => ({ event: /^event: (.*)$/m.exec(block)![1], data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) as unknown }));
	/** The log's events (hello, change). */
	const events = () => all().filter((e) => e.event !== 'presence') as { event: string; data: { seq: number } }[];
	/** Who the stream said is in the project, last. */
	const presence = () => (all().filter((e) => e.event === 'presence').at(-1)?.data as { here: PresenceEntry[] } | undefined)?.here;
	return { state, events, presence, cancel: () => source.cancel() };
}

forEachEngine('live channel', (db) => {
	beforeEach(async () => {
		useStorageForTests(db.sql);
		await announceSetupCode(db.sql, { SETUP_CODE }, () => {});
	});
	afterEach(async () => {
		await liveHub.closeAll();
		useStorageForTests(null);
	});

	async function team() {
		const owner = apiClient();
		const made = await owner.json<{ user: { id: string } }>(setup.POST, {
			method: 'POST',
			path: '/api/auth/setup',
			body: { email: 'eier@example.no', password: 'korrekt hest batteri', displayName: 'Eier', setupCode: SETUP_CODE }
		});
		expect((await owner.json(projects.POST, { method: 'POST', path: '/api/projects', body: { id: PROJECT, name: 'Direkte' } })).status).toBe(201);
		const invite = await createInvite(db.sql, { projectId: PROJECT, createdBy: made.body.user.id, role: 'researcher' });
		const ola = await acceptInviteWithNewAccount(db.sql, invite.code, { email: 'ola@example.no', password: 'olas lange passord', displayName: 'Ola' });
		const researcher = apiClient();
		researcher.jar.set(SESSION_COOKIE, { value: ola.session.token, options: { path: '/' } });
		return { owner, ownerId: made.body.user.id, researcher, researcherId: ola.user.id };
	}
	const open = (client: ApiClient) => client.call(live.GET, { method: 'GET', path: `/api/projects/${PROJECT}/live`, params: { projectId: PROJECT } });
	const pushEntry = (client: ApiClient, userId: string, rowId: string) =>
		client.json(push.POST, {
			method: 'POST',
			path: `/api/projects/${PROJECT}/sync/push`,
			params: { projectId: PROJECT },
			body: JSON.stringify({ changes: createRowChanges('entries', rowId, { kind: 'quote', text: 'Direkte fra feltet' }, { projectId: PROJECT, userId }) })
		});

	it('a member hears of a colleague\'s push at once; a stranger and a signed-out tablet get no stream', async () => {
		const { owner, ownerId, researcher } = await team();
		expect((await apiClient().call(live.GET, { method: 'GET', path: `/api/projects/${PROJECT}/live`, params: { projectId: PROJECT } })).status).toBe(401);
		// Signed in, member of another project only.
		const other = '0196a3c0-0000-7000-8000-0000000000cc';
		expect((await owner.json(projects.POST, { method: 'POST', path: '/api/projects', body: { id: other, name: 'Annet' } })).status).toBe(201);
		const elsewhere = await createInvite(db.sql, { projectId: other, createdBy: ownerId, role: 'researcher' });
		const kari = await acceptInviteWithNewAccount(db.sql, elsewhere.code, { email: 'kari@example.no', password: 'karis lange passord', displayName: 'Kari' });
		const stranger = apiClient();
		stranger.jar.set(SESSION_COOKIE, { value: kari.session.token, options: { path: '/' } });
		expect((await open(stranger)).status).toBe(403);
		expect(liveHub.size).toBe(0);

		const response = await open(researcher);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(response.headers.get('x-accel-buffering')).toBe('no');
		const stream = reader(response);
		await vi.waitFor(() => expect(stream.events()).toEqual([{ event: 'hello', data: { seq: 0 } }]));

		expect((await pushEntry(owner, ownerId, 'e-live-1')).status).toBe(200);
		const [{ top }] = await db.sql.query<{ top: number }>('select max(seq)::int as top from changes');
		await vi.waitFor(() => expect(stream.events().at(-1)).toEqual({ event: 'change', data: { seq: top } }));
		await stream.cancel();
		await vi.waitFor(() => expect(liveHub.size).toBe(0));
	});

	it('a removed member\'s stream ends, and so does a signed-out tablet\'s', async () => {
		const { owner, researcher, researcherId } = await team();
		const removed = reader(await open(researcher));
		const ownStream = reader(await open(owner));
		await vi.waitFor(() => expect(liveHub.size).toBe(2));
		const gone = await owner.call(members.DELETE, { method: 'DELETE', path: `/api/projects/${PROJECT}/members/${researcherId}`, params: { projectId: PROJECT, userId: researcherId } });
		expect(gone.status).toBe(200);
		await vi.waitFor(() => expect(removed.state.ended).toBe(true));
		expect(ownStream.state.ended).toBe(false);
		await owner.call(logout.POST, { method: 'POST', path: '/api/auth/logout' });
		await vi.waitFor(() => expect(ownStream.state.ended).toBe(true));
		expect(liveHub.size).toBe(0);
	});

	it('a push on one app instance reaches a stream held by another (NOTIFY through the database)', async () => {
		const [one, two] = [new LiveHub(), new LiveHub()];
		const instanceTwo = await db.storage.connect();
		await one.start(db.sql);
		await two.start(instanceTwo);
		const heard: number[] = [];
		const stream: LiveStream = { projectId: PROJECT, userId: 'u', session: 's', send: (seq) => heard.push(seq), presence: () => {}, close: () => {} };
		two.add(stream);
		await one.announce(db.sql, PROJECT);
		await vi.waitFor(() => expect(heard).toEqual([0]));
		// Another project's push is not this stream's business.
		await one.announce(db.sql, '0196a3c0-0000-7000-8000-0000000000bb');
		await new Promise((done) => setTimeout(done, 200));
		expect(heard).toEqual([0]);
		await one.closeAll();
		await two.closeAll();
	});

	const report = (client: ApiClient, body: unknown) =>
		client.call(presenceRoute.POST, { method: 'POST', path: `/api/projects/${PROJECT}/presence`, params: { projectId: PROJECT }, body: typeof body === 'string' ? body : JSON.stringify(body) });

	it('presence: a colleague\'s stream hears who is on which screen, under the account\'s own name, and hears them leave', async () => {
		const { owner, researcher, researcherId } = await team();
		const ownerStream = reader(await open(owner));
		await vi.waitFor(() => expect(ownerStream.presence()).toEqual([]));

		const answer = await report(researcher, { tab: 'ola-tab-0001', screen: 'session', target: 'session-7' });
		expect(answer.status).toBe(200);
		expect(((await answer.json()) as { here: PresenceEntry[] }).here).toEqual([]);
		await vi.waitFor(() =>
			expect(ownerStream.presence()).toEqual([{ tab: 'ola-tab-0001', userId: researcherId, name: 'Ola', screen: 'session', target: 'session-7', dragging: null, presenting: false, cursor: null }])
		);

		// The owner's own report answers with Ola, not with the owner's tab; the sign-in session is never shown.
		const mine = (await (await report(owner, { tab: 'eier-tab-001', screen: 'board', target: 'board-1', dragging: 'card-3' })).json()) as { here: PresenceEntry[] };
		expect(mine.here.map((e) => e.name)).toEqual(['Ola']);
		await vi.waitFor(() => expect(ownerStream.presence()).toHaveLength(2));
		for (const entry of ownerStream.presence() ?? []) expect(entry).not.toHaveProperty('session');

		expect((await report(researcher, { tab: 'ola-tab-0001', screen: null })).status).toBe(200);
		await vi.waitFor(() => expect(ownerStream.presence()?.map((e) => e.name)).toEqual(['Eier']));
		await ownerStream.cancel();
		// Memory only: nothing of it is in the database.
		const [{ n }] = await db.sql.query<{ n: number }>('select count(*)::int as n from changes');
		expect(n).toBe(0);
	});

	it('presence refuses strangers, malformed and oversized reports, and a forged tab moves nobody else', async () => {
		const { owner, researcher, researcherId } = await team();
		expect((await report(apiClient(), { tab: 'anon-tab-001', screen: 'map' })).status).toBe(401);
		expect((await report(researcher, { tab: 'x', screen: 'map' })).status).toBe(400);
		expect((await report(researcher, { tab: 'ola-tab-0001', screen: 'kitchen' })).status).toBe(400);
		expect((await report(researcher, { tab: 'ola-tab-0001', screen: 'session', target: 'Ola Nordmann sin økt' })).status).toBe(400);
		expect((await report(researcher, { tab: 'ola-tab-0001', screen: 'map', extra: true })).status).toBe(400);
		expect((await report(researcher, 'not json')).status).toBe(400);
		expect((await report(researcher, { tab: 'ola-tab-0001', screen: 'map', target: 'a'.repeat(2000) })).status).toBe(413);
		expect(liveHub.here(PROJECT)).toEqual([]);

		await report(researcher, { tab: 'ola-tab-0001', screen: 'map' });
		// The owner knows Ola's tab id (every member sees it) but leaving with it removes only the owner's own tab.
		await report(owner, { tab: 'ola-tab-0001', screen: null });
		expect(liveHub.here(PROJECT).map((e) => e.userId)).toEqual([researcherId]);
		// Reporting with Ola's tab id adds the owner's own place; Ola's stays Ola's.
		await report(owner, { tab: 'ola-tab-0001', screen: 'review' });
		expect(liveHub.here(PROJECT).map((e) => [e.name, e.screen])).toEqual([
			['Eier', 'review'],
			['Ola', 'map']
		]);
	});

	it('presence: a removed member and a signed-out tablet are gone from the others\' screens at once', async () => {
		const { owner, researcher, researcherId } = await team();
		await report(researcher, { tab: 'ola-tab-0001', screen: 'library' });
		await report(owner, { tab: 'eier-tab-001', screen: 'library' });
		expect(liveHub.here(PROJECT)).toHaveLength(2);
		await owner.call(members.DELETE, { method: 'DELETE', path: `/api/projects/${PROJECT}/members/${researcherId}`, params: { projectId: PROJECT, userId: researcherId } });
		expect(liveHub.here(PROJECT).map((e) => e.name)).toEqual(['Eier']);
		await owner.call(logout.POST, { method: 'POST', path: '/api/auth/logout' });
		expect(liveHub.here(PROJECT)).toEqual([]);
	});

	it('presence reported on one app instance shows on a stream held by another (NOTIFY through the database)', async () => {
		const [one, two] = [new LiveHub(), new LiveHub()];
		const instanceTwo = await db.storage.connect();
		await one.start(db.sql);
		await two.start(instanceTwo);
		const seen: PresenceEntry[][] = [];
		two.add({ projectId: PROJECT, userId: 'u2', session: 's2', send: () => {}, presence: (here) => seen.push(here), close: () => {} });
		await one.report(PROJECT, { tab: 'tab-on-one-1', userId: 'u1', name: 'Kari', screen: 'presentation', target: null, dragging: null, presenting: false, cursor: null, session: 's1' });
		await vi.waitFor(() => expect(seen.at(-1)?.map((e) => e.name)).toEqual(['Kari']));
		expect(two.here(PROJECT)[0]).not.toHaveProperty('session');
		await one.report(PROJECT, { userId: 'u1', tab: 'tab-on-one-1', left: true });
		await vi.waitFor(() => expect(seen.at(-1)).toEqual([]));
		await one.closeAll();
		await two.closeAll();
	});
});

it('a stream re-checks its reader at every heartbeat and ends when the session or membership is gone', async () => {
	const hub = new LiveHub();
	let allowed = true;
	const response = liveStreamResponse({ hub, projectId: PROJECT, userId: 'u', session: 's', top: 7, stillAllowed: async () => allowed, heartbeatMs: 20 });
	const stream = reader(response);
	await vi.waitFor(() => expect(stream.state.text).toContain(': ping'));
	expect(stream.events()).toEqual([{ event: 'hello', data: { seq: 7 } }]);
	expect(stream.state.text).toMatch(/^retry: 3000\nid: 7\n/);
	allowed = false;
	await vi.waitFor(() => expect(stream.state.ended).toBe(true));
	expect(hub.size).toBe(0);
});
