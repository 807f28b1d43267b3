import { expect, request, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
	matrixCases,
	matrixPath,
	matrixSnapshot,
	type Caller,
	type MatrixIds
} from '../../src/lib/server/http/authMatrix';
import { E2E_SETUP_CODE, startAppServer, type AppServer } from './support/appServer';

// The account and membership API over HTTP, against a fresh server of its own (the shared
// server may have an owner already). API only: the viewport changes nothing.

test.describe.configure({ mode: 'serial' });

let server: AppServer;
let dataDir: string;
const contexts: APIRequestContext[] = [];

test.beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'feltinnsikt-auth-api-'));
	server = await startAppServer({ env: { DATA_DIR: dataDir } });
});

test.afterAll(async () => {
	await Promise.all(contexts.map((c) => c.dispose()));
	await server?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

/** A client with its own cookie jar. */
async function client(): Promise<APIRequestContext> {
	const context = await request.newContext({ baseURL: server.url });
	contexts.push(context);
	return context;
}

async function errorCode(response: APIResponse): Promise<string> {
	expect(response.headers()['content-type']).toContain('application/json');
	const body = (await response.json()) as { error?: { code?: string; message?: string } };
	expect(typeof body.error?.message).toBe('string');
	return body.error?.code ?? '';
}

const owner = { email: 'eier@example.org', password: 'lang-nok-passord', displayName: 'Eier' };
const ownerSetup = { ...owner, setupCode: E2E_SETUP_CODE };

test('a fresh server is set up once; sign in and out; wrong password is 401 JSON @one-viewport', async () => {
	const first = await client();
	expect(await (await first.get('/api/auth/status')).json()).toEqual({ setupNeeded: true, user: null });

	const wrongCode = await first.post('/api/auth/setup', { data: { ...owner, setupCode: 'WRONG-CODE' } });
	expect(wrongCode.status()).toBe(403);
	expect(await errorCode(wrongCode)).toBe('setup_code_invalid');
	const setup = await first.post('/api/auth/setup', { data: ownerSetup });
	expect(setup.status()).toBe(201);
	const setCookie = setup.headers()['set-cookie'];
	expect(setCookie).toMatch(/feltinnsikt_session=[A-Za-z0-9_-]{43}/);
	expect(setCookie).toMatch(/HttpOnly/i);
	expect(setCookie).toMatch(/SameSite=Lax/i);
	expect(setCookie).not.toMatch(/Secure/i);
	expect(setup.headers()['cache-control']).toBe('no-store');
	expect((await (await first.get('/api/auth/me')).json()).user.email).toBe(owner.email);

	const second = await client();
	const again = await second.post('/api/auth/setup', { data: { ...ownerSetup, email: 'andre@example.org' } });
	expect(again.status()).toBe(409);
	expect(await errorCode(again)).toBe('setup_done');
	expect((await (await second.get('/api/auth/status')).json()).setupNeeded).toBe(false);

	const wrong = await second.post('/api/auth/login', { data: { email: owner.email, password: 'feil passord' } });
	expect(wrong.status()).toBe(401);
	expect(await errorCode(wrong)).toBe('invalid_credentials');

	const ok = await second.post('/api/auth/login', { data: { email: 'EIER@example.org', password: owner.password } });
	expect(ok.status()).toBe(200);
	expect((await ok.json()).user.displayName).toBe('Eier');
	expect((await second.get('/api/auth/me')).status()).toBe(200);

	expect((await second.post('/api/auth/logout')).status()).toBe(200);
	const out = await second.get('/api/auth/me');
	expect(out.status()).toBe(401);
	expect(await errorCode(out)).toBe('unauthenticated');
	// The first device is still signed in.
	expect((await first.get('/api/auth/me')).status()).toBe(200);

	const bad = await first.post('/api/projects', { data: '{"id":' , headers: { 'content-type': 'application/json' } });
	expect(bad.status()).toBe(400);
	expect(await errorCode(bad)).toBe('invalid_input');
});

test('wrong passwords for one e-mail slow down with retry-after; the right one works after the wait @one-viewport', async () => {
	const lockedClient = await client();
	// A second account to lock out (the owner is needed by the later tests).
	const ownerClient = await client();
	await ownerClient.post('/api/auth/login', { data: { email: owner.email, password: owner.password } });
	const projectId = randomUUID();
	await ownerClient.post('/api/projects', { data: { id: projectId, name: 'Låseprøve' } });
	const invite = await (await ownerClient.post(`/api/projects/${projectId}/invites`, { data: { role: 'reviewer' } })).json();
	await lockedClient.post(`/api/invites/${invite.code}/accept`, {
		data: { email: 'laas@example.org', password: 'riktig-passord', displayName: 'Låst' }
	});

	const guesser = await client();
	for (let i = 0; i < 5; i++) {
		const res = await guesser.post('/api/auth/login', { data: { email: 'laas@example.org', password: `gjett ${i}` } });
		expect(res.status()).toBe(401);
	}
	const limited = await guesser.post('/api/auth/login', { data: { email: 'laas@example.org', password: 'riktig-passord' } });
	expect(limited.status()).toBe(429);
	expect(await errorCode(limited)).toBe('rate_limited');
	const wait = Number(limited.headers()['retry-after']);
	expect(wait).toBeGreaterThan(0);
	await new Promise((done) => setTimeout(done, wait * 1000));
	const after = await guesser.post('/api/auth/login', { data: { email: 'laas@example.org', password: 'riktig-passord' } });
	expect(after.status()).toBe(200);
});

test('an invite makes a new researcher who sees the project @one-viewport', async () => {
	const ownerClient = await client();
	await ownerClient.post('/api/auth/login', { data: { email: owner.email, password: owner.password } });
	const projectId = randomUUID();
	const created = await ownerClient.post('/api/projects', { data: { id: projectId, name: 'Ungt utenforskap' } });
	expect(created.status()).toBe(201);
	// A retry after a lost answer changes nothing.
	expect((await ownerClient.post('/api/projects', { data: { id: projectId, name: 'Ungt utenforskap' } })).status()).toBe(200);

	const made = await ownerClient.post(`/api/projects/${projectId}/invites`, { data: { role: 'researcher' } });
	expect(made.status()).toBe(201);
	const invite = (await made.json()) as { code: string; displayCode: string; url: string; expiresAt: string };
	expect(invite.url).toBe(`${server.url}/join/${invite.code}`);

	const newcomer = await client();
	const shown = await newcomer.get(`/api/invites/${invite.displayCode.toLowerCase()}`);
	expect(await shown.json()).toEqual({
		invite: { code: invite.code, projectId, projectName: 'Ungt utenforskap', role: 'researcher', expiresAt: invite.expiresAt }
	});

	const joined = await newcomer.post(`/api/invites/${invite.code}/accept`, {
		data: { email: 'forsker@example.org', password: 'forskerpassord', displayName: 'Forsker' }
	});
	expect(joined.status()).toBe(201);
	expect((await joined.json()).role).toBe('researcher');
	const mine = await (await newcomer.get('/api/projects')).json();
	expect(mine.projects).toEqual([expect.objectContaining({ id: projectId, name: 'Ungt utenforskap', role: 'researcher' })]);

	const members = await (await ownerClient.get(`/api/projects/${projectId}/members`)).json();
	expect(members.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
		[owner.email, 'owner'],
		['forsker@example.org', 'researcher']
	]);
	const reused = await (await client()).post(`/api/invites/${invite.code}/accept`, {
		data: { email: 'enda-en@example.org', password: 'forskerpassord', displayName: 'X' }
	});
	expect(reused.status()).toBe(410);
	expect(await errorCode(reused)).toBe('invite_used');
});

test('authorisation matrix: signed out 401, non-member 403, wrong role 403, nothing changes @one-viewport', async () => {
	const clients = {} as Record<Caller, APIRequestContext>;
	clients.owner = await client();
	await clients.owner.post('/api/auth/login', { data: { email: owner.email, password: owner.password } });
	const projectId = randomUUID();
	await clients.owner.post('/api/projects', { data: { id: projectId, name: 'Matrise' } });
	const otherProject = randomUUID();
	await clients.owner.post('/api/projects', { data: { id: otherProject, name: 'Et annet' } });

	const join = async (project: string, role: string, name: string) => {
		const invite = await (await clients.owner.post(`/api/projects/${project}/invites`, { data: { role } })).json();
		const c = await client();
		const res = await c.post(`/api/invites/${invite.code}/accept`, {
			data: { email: `${name}@example.org`, password: 'passord-for-matrise', displayName: name }
		});
		expect(res.status()).toBe(201);
		return { client: c, id: ((await res.json()) as { user: { id: string } }).user.id };
	};
	const researcher = await join(projectId, 'researcher', 'matrise-forsker');
	const reviewer = await join(projectId, 'reviewer', 'matrise-leser');
	const outsider = await join(otherProject, 'owner', 'matrise-utenfor');
	clients.researcher = researcher.client;
	clients.reviewer = reviewer.client;
	clients.nonMember = outsider.client;
	clients.signedOut = await client();
	const me = (await (await clients.owner.get('/api/auth/me')).json()) as { user: { id: string } };
	const openInvite = await (await clients.owner.post(`/api/projects/${projectId}/invites`, { data: { role: 'researcher' } })).json();
	const ids: MatrixIds = {
		projectId,
		ownerId: me.user.id,
		researcherId: researcher.id,
		reviewerId: reviewer.id,
		inviteCode: openInvite.code
	};

	const snapshot = async () =>
		Promise.all(
			matrixSnapshot.map(async (path) => {
				const res = await clients.owner.get(path(ids));
				return { path: path(ids), status: res.status(), body: await res.json() };
			})
		);
	const before = await snapshot();
	expect(before.every((s) => s.status === 200)).toBe(true);

	const failures: string[] = [];
	for (const c of matrixCases()) {
		const res = await clients[c.caller].fetch(matrixPath(c.row, ids), {
			method: c.row.method,
			data: c.row.body?.(ids)
		});
		const body = await res.text();
		let code = '';
		try {
			code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? '';
		} catch {
			// not JSON: reported below
		}
		if (res.status() !== c.status || !code) failures.push(`${c.name}: got ${res.status()} ${body.slice(0, 200)}`);
	}
	expect(failures).toEqual([]);
	expect(await snapshot()).toEqual(before);
});
