import type { Role } from '$lib/domain/permissions';

/** A refused or failed call to the server, with the stable code the UI translates. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly issues: { path: string; code: string }[] = []
	) {
		super(message);
		this.name = 'ApiError';
	}
}

export interface ServerUser {
	id: string;
	email: string;
	displayName: string;
}

export interface ServerProject {
	id: string;
	name: string;
	role: Role;
}

/** One call to the server's API: JSON in and out, a refusal thrown as an `ApiError`. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
	let response: Response;
	try {
		response = await fetch(path, {
			...init,
			credentials: 'same-origin',
			headers: init.body ? { 'content-type': 'application/json', ...init.headers } : init.headers
		});
	} catch {
		throw new ApiError(0, 'offline', 'No connection to the server.');
	}
	const body = (await response.json().catch(() => null)) as (T & { error?: { code?: string; message?: string; issues?: { path: string; code: string }[] } }) | null;
	if (!response.ok) throw new ApiError(response.status, body?.error?.code ?? 'server_error', body?.error?.message ?? response.statusText, body?.error?.issues ?? []);
	return body as T;
}

const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body: JSON.stringify(body) });

export const accountApi = {
	status: () => api<{ setupNeeded: boolean; user: ServerUser | null }>('/api/auth/status'),
	setup: (input: { email: string; password: string; displayName: string }) => post<{ user: ServerUser }>('/api/auth/setup', input),
	login: (input: { email: string; password: string }) => post<{ user: ServerUser }>('/api/auth/login', input),
	logout: () => post<unknown>('/api/auth/logout'),
	logoutEverywhere: () => post<unknown>('/api/auth/logout-all'),
	projects: () => api<{ projects: ServerProject[] }>('/api/projects'),
	createProject: (id: string, name: string) => post<{ project: ServerProject }>('/api/projects', { id, name }),
	members: (projectId: string) =>
		api<{ members: { userId: string; email: string; displayName: string; role: Role }[] }>(`/api/projects/${encodeURIComponent(projectId)}/members`),
	createInvite: (projectId: string, role: Role) =>
		post<{ code: string; displayCode: string; url: string; expiresAt: string }>(`/api/projects/${encodeURIComponent(projectId)}/invites`, { role }),
	invite: async (code: string) =>
		(await api<{ invite: { projectId: string; projectName: string; role: Role; expiresAt: string } }>(`/api/invites/${encodeURIComponent(code)}`)).invite,
	acceptInvite: async (code: string, input: { email?: string; password?: string; displayName?: string }) => {
		const joined = await post<{ user: ServerUser; project: { id: string; name: string }; role: Role }>(`/api/invites/${encodeURIComponent(code)}/accept`, input);
		return { user: joined.user, projectId: joined.project.id };
	}
};
