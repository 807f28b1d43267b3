import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { setupFirstAccount } from '$lib/server/auth/accounts';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { useStorageForTests, type Sql } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import { acceptInviteWithNewAccount, createInvite } from '$lib/server/projects/invites';
import { attachProject } from '$lib/server/projects/projects';
import type { Role } from '$lib/server/projects/roles';
import { authMatrix, matrixCases, matrixPath, matrixSnapshot, type Caller, type MatrixIds } from './authMatrix';
import { apiClient, type ApiClient, type Handler } from './testing';

type RouteModule = Partial<Record<string, Handler>>;
const modules = import.meta.glob<RouteModule>('/src/routes/api/**/+server.ts', { eager: true });

/** The handler of a matrix row, from its route file. */
function handlerOf(method: string, route: string): Handler {
	const file = `/src/routes${route}/+server.ts`;
	const handler = modules[file]?.[method];
	if (!handler) throw new Error(`No ${method} handler in ${file}`);
	return handler;
}

interface World {
	ids: MatrixIds;
	clients: Record<Caller, ApiClient>;
}

async function world(sql: Sql): Promise<World> {
	const owner = await setupFirstAccount(sql, { email: 'eier@example.no', password: 'passord123', displayName: 'Eier' });
	const projectId = uuidv7();
	await attachProject(sql, owner.user.id, { id: projectId, name: 'Ungt utenforskap' });
	const join = async (project: string, role: Role, name: string) => {
		const invite = await createInvite(sql, { projectId: project, createdBy: owner.user.id, role });
		return acceptInviteWithNewAccount(sql, invite.code, { email: `${name}@example.no`, password: 'passord123', displayName: name });
	};
	const researcher = await join(projectId, 'researcher', 'forsker');
	const reviewer = await join(projectId, 'reviewer', 'leser');
	const otherProject = uuidv7();
	await attachProject(sql, owner.user.id, { id: otherProject, name: 'Et annet prosjekt' });
	const outsider = await join(otherProject, 'owner', 'utenfor');
	const open = await createInvite(sql, { projectId, createdBy: owner.user.id, role: 'researcher' });

	const signedIn = (token: string) => {
		const client = apiClient();
		client.jar.set(SESSION_COOKIE, { value: token, options: { path: '/' } });
		return client;
	};
	return {
		ids: {
			projectId,
			ownerId: owner.user.id,
			researcherId: researcher.user.id,
			reviewerId: reviewer.user.id,
			inviteCode: open.code
		},
		clients: {
			signedOut: apiClient(),
			nonMember: signedIn(outsider.session.token),
			reviewer: signedIn(reviewer.session.token),
			researcher: signedIn(researcher.session.token),
			owner: signedIn(owner.session.token)
		}
	};
}

async function snapshot({ ids, clients }: World): Promise<unknown[]> {
	return Promise.all(
		matrixSnapshot.map(async (path) => {
			const p = path(ids);
			const route = p.replace(ids.projectId, '[projectId]');
			const { status, body } = await clients.owner.json(handlerOf('GET', route), {
				path: p,
				params: { projectId: ids.projectId }
			});
			return { path: route, status, body };
		})
	);
}

forEachEngine('authorisation matrix (in-process)', (db) => {
	beforeEach(() => useStorageForTests(db.sql));
	afterEach(() => useStorageForTests(null));

	it('refuses every caller the table says, and nothing changes', async () => {
		const w = await world(db.sql);
		const before = await snapshot(w);
		const failures: string[] = [];
		expect(matrixCases().length).toBeGreaterThanOrEqual(authMatrix.length * 2);
		for (const c of matrixCases()) {
			const { status, body } = await w.clients[c.caller].json<{ error?: { code: string } }>(handlerOf(c.row.method, c.row.route), {
				method: c.row.method,
				path: matrixPath(c.row, w.ids),
				params: c.row.params?.(w.ids),
				body: c.row.body?.(w.ids)
			});
			if (status !== c.status || typeof body?.error?.code !== 'string') failures.push(`${c.name}: got ${status} ${JSON.stringify(body)}`);
		}
		expect(failures).toEqual([]);
		expect(await snapshot(w)).toEqual(before);
		expect(before.every((s) => (s as { status: number }).status === 200)).toBe(true);
	});

	it('lets the allowed callers through the GET routes', async () => {
		const w = await world(db.sql);
		for (const row of authMatrix.filter((r) => r.method === 'GET')) {
			const callers: Caller[] =
				row.allowed === 'signedIn' ? ['owner', 'researcher', 'reviewer', 'nonMember'] : row.allowed === 'admin' ? ['owner'] : [...row.allowed];
			for (const caller of callers) {
				const response = await w.clients[caller].call(handlerOf('GET', row.route), {
					path: matrixPath(row, w.ids),
					params: row.params?.(w.ids)
				});
				expect(response.status, `${row.route} as ${caller}`).toBe(row.allowedStatus ?? 200);
			}
		}
	});
});
