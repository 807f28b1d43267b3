// The authorisation matrix: every API route that needs a signed-in user, with who may call
// it. Two runners read this one table – in-process on both storage engines
// (`authMatrix.test.ts`) and over HTTP against a real server (`tests/e2e/auth-api.e2e.ts`) –
// and check that a signed-out client gets 401, a signed-in non-member 403 (or
// `nonMember`), and each role not allowed 403, and that none of those calls changed
// anything (the `snapshot` reads, as the owner, are equal before and after).
//
// Adding a route: append a row. Plain TypeScript with no `$lib` imports, so Playwright can
// load it too.

export type MatrixRole = 'owner' | 'researcher' | 'reviewer';

/** What the runners set up: one project with one member of each role, and an open invite. */
export interface MatrixIds {
	projectId: string;
	ownerId: string;
	researcherId: string;
	reviewerId: string;
	/** An open invite of the project (role researcher). */
	inviteCode: string;
}

export interface MatrixRoute {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** The route as in `src/routes`, e.g. `/api/projects/[projectId]/members`. */
	route: string;
	/** Values of the route's parameters. */
	params?: (ids: MatrixIds) => Record<string, string>;
	/** JSON body (a valid one: the refusal must come from authorisation, not validation). */
	body?: (ids: MatrixIds) => unknown;
	/**
	 * `signedIn`: any signed-in user; `admin`: only the server's administrator (the owner
	 * in both runners is the first account, so the administrator); otherwise the member
	 * roles that may call it.
	 */
	allowed: 'signedIn' | 'admin' | readonly MatrixRole[];
	/** Status a signed-in non-member gets when it is not 403 (for `signedIn` routes: checked only when given). */
	nonMember?: number;
	/** Status an allowed caller gets on a GET, when not 200 (e.g. 404 for an attachment nobody uploaded). */
	allowedStatus?: number;
}

export const authMatrix: MatrixRoute[] = [
	{ method: 'GET', route: '/api/auth/me', allowed: 'signedIn' },
	{ method: 'POST', route: '/api/auth/logout-all', allowed: 'signedIn' },
	{
		// A valid body: the refusal must come from being signed out, not from the rules.
		method: 'POST',
		route: '/api/auth/password',
		body: () => ({ currentPassword: 'not the password', newPassword: 'a long and fine new password' }),
		allowed: 'signedIn'
	},
	// A tablet's recovery secret, for the signed-in user's own key ring.
	{ method: 'PUT', route: '/api/auth/device-keys/[ringId]', params: () => ({ ringId: '0196a3c0-0000-4000-8000-00000000a001' }), allowed: 'signedIn' },
	{ method: 'DELETE', route: '/api/auth/device-keys/[ringId]', params: () => ({ ringId: '0196a3c0-0000-4000-8000-00000000a001' }), allowed: 'signedIn' },
	{ method: 'GET', route: '/api/admin/users', allowed: 'admin' },
	{
		method: 'PATCH',
		route: '/api/admin/users/[userId]',
		params: (ids) => ({ userId: ids.researcherId }),
		body: () => ({ disabled: true }),
		allowed: 'admin'
	},
	{
		method: 'DELETE',
		route: '/api/admin/users/[userId]',
		params: (ids) => ({ userId: ids.reviewerId }),
		allowed: 'admin'
	},
	{ method: 'GET', route: '/api/projects', allowed: 'signedIn' },
	{
		method: 'POST',
		route: '/api/projects',
		body: (ids) => ({ id: ids.projectId, name: 'Taken over' }),
		allowed: 'signedIn',
		nonMember: 409
	},
	{
		method: 'GET',
		route: '/api/projects/[projectId]/members',
		params: (ids) => ({ projectId: ids.projectId }),
		allowed: ['owner', 'researcher', 'reviewer']
	},
	{
		// Held in memory only, so the snapshot cannot see it; the refusals are what is checked.
		method: 'POST',
		route: '/api/projects/[projectId]/presence',
		params: (ids) => ({ projectId: ids.projectId }),
		body: () => ({ tab: 'matrix-tab-0001', screen: 'library' }),
		allowed: ['owner', 'researcher', 'reviewer']
	},
	{
		method: 'PATCH',
		route: '/api/projects/[projectId]/members/[userId]',
		params: (ids) => ({ projectId: ids.projectId, userId: ids.researcherId }),
		body: () => ({ role: 'owner' }),
		allowed: ['owner']
	},
	{
		method: 'DELETE',
		route: '/api/projects/[projectId]/members/[userId]',
		params: (ids) => ({ projectId: ids.projectId, userId: ids.ownerId }),
		allowed: ['owner']
	},
	{
		method: 'GET',
		route: '/api/projects/[projectId]/invites',
		params: (ids) => ({ projectId: ids.projectId }),
		allowed: ['owner']
	},
	{
		method: 'POST',
		route: '/api/projects/[projectId]/invites',
		params: (ids) => ({ projectId: ids.projectId }),
		body: () => ({ role: 'owner' }),
		allowed: ['owner']
	},
	{
		method: 'DELETE',
		route: '/api/projects/[projectId]/invites/[code]',
		params: (ids) => ({ projectId: ids.projectId, code: ids.inviteCode }),
		allowed: ['owner']
	},
	{
		// Every member pushes; what each role may change is checked per change, in the answer.
		method: 'POST',
		route: '/api/projects/[projectId]/sync/push',
		params: (ids) => ({ projectId: ids.projectId }),
		body: () => ({ changes: [] }),
		allowed: ['owner', 'researcher', 'reviewer']
	},
	{
		method: 'GET',
		route: '/api/projects/[projectId]/sync/pull',
		params: (ids) => ({ projectId: ids.projectId }),
		allowed: ['owner', 'researcher', 'reviewer']
	},
	{
		method: 'POST',
		route: '/api/projects/[projectId]/blobs/[sha256]',
		params: (ids) => ({ projectId: ids.projectId, sha256: matrixSha256 }),
		body: () => ({ size: 3, mime: 'image/png' }),
		allowed: ['owner', 'researcher']
	},
	{
		method: 'PUT',
		route: '/api/projects/[projectId]/blobs/[sha256]',
		params: (ids) => ({ projectId: ids.projectId, sha256: matrixSha256 }),
		allowed: ['owner', 'researcher']
	},
	{
		method: 'GET',
		route: '/api/projects/[projectId]/blobs/[sha256]',
		params: (ids) => ({ projectId: ids.projectId, sha256: matrixSha256 }),
		allowed: ['owner', 'researcher', 'reviewer'],
		allowedStatus: 404
	},
	{
		// Reading the project out is reading: every member may export it.
		method: 'GET',
		route: '/api/projects/[projectId]/export',
		params: (ids) => ({ projectId: ids.projectId }),
		allowed: ['owner', 'researcher', 'reviewer']
	},
	{
		// A backup carries deleted rows too: for those who may change the project.
		method: 'GET',
		route: '/api/projects/[projectId]/backup',
		params: (ids) => ({ projectId: ids.projectId }),
		allowed: ['owner', 'researcher']
	},
	{
		// Taking a stored note update out of use changes the note for everyone: owners only.
		method: 'POST',
		route: '/api/projects/[projectId]/notes/quarantine',
		params: (ids) => ({ projectId: ids.projectId }),
		body: () => ({ opId: 'matrix-op' }),
		allowed: ['owner']
	}
];

/** sha256 of "abc": an attachment nobody has uploaded. */
const matrixSha256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

/** GETs, made as the owner, whose answers must not change while the matrix runs. */
export const matrixSnapshot: ((ids: MatrixIds) => string)[] = [
	() => '/api/projects',
	() => '/api/admin/users',
	(ids) => `/api/projects/${ids.projectId}/members`,
	(ids) => `/api/projects/${ids.projectId}/invites`,
	(ids) => `/api/projects/${ids.projectId}/sync/pull`
];

export type Caller = 'signedOut' | 'nonMember' | MatrixRole;

/** The concrete path of a row. */
export function matrixPath(row: MatrixRoute, ids: MatrixIds): string {
	const params = row.params?.(ids) ?? {};
	return row.route.replace(/\[(\w+)\]/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined) throw new Error(`${row.route}: no value for [${name}]`);
		return encodeURIComponent(value);
	});
}

/** The status `caller` must get, or `null` where the call is allowed (the matrix skips it). */
export function deniedStatus(row: MatrixRoute, caller: Caller): number | null {
	if (caller === 'signedOut') return 401;
	if (row.allowed === 'signedIn') return caller === 'nonMember' ? (row.nonMember ?? null) : null;
	if (row.allowed === 'admin') return caller === 'owner' ? null : 403;
	if (caller === 'nonMember') return row.nonMember ?? 403;
	return row.allowed.includes(caller) ? null : 403;
}

/** Every (row, caller) pair that must be refused, with the status. */
export function matrixCases(): { row: MatrixRoute; caller: Caller; status: number; name: string }[] {
	const callers: Caller[] = ['signedOut', 'nonMember', 'reviewer', 'researcher', 'owner'];
	return authMatrix.flatMap((row) =>
		callers.flatMap((caller) => {
			const status = deniedStatus(row, caller);
			return status === null ? [] : [{ row, caller, status, name: `${row.method} ${row.route} as ${caller} → ${status}` }];
		})
	);
}
