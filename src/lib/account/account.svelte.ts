import { prepareFirstPush } from '$lib/sync/firstPush';
import { localData, setIdentity } from '$lib/data/local';
import { nowIso } from '$lib/domain/time';
import { isLinked, linkProject } from '$lib/sync/links';
import { syncNow } from '$lib/sync/engine.svelte';
import { accountApi, ApiError, type ServerUser } from './api';

/**
 * The device's account state. The identity is cached on the device, so a
 * researcher who signed in once keeps working (and is credited) offline.
 */
export const account = $state<{
	user: ServerUser | null;
	signedIn: boolean;
	setupNeeded: boolean;
	reachable: boolean | null;
}>({ user: null, signedIn: false, setupNeeded: false, reachable: null });

async function remember(user: ServerUser | null) {
	const data = await localData();
	if (user) await setIdentity(data, { userId: user.id, displayName: user.displayName, email: user.email, signedIn: true });
	else if (data.identity.signedIn) await setIdentity(data, { ...data.identity, signedIn: false });
	account.user = user ?? (data.identity.email ? { id: data.identity.userId, email: data.identity.email, displayName: data.identity.displayName } : null);
	account.signedIn = !!user;
}

/** Reads the cached identity, then asks the server (when it can be reached) who we are. */
export async function loadAccount(): Promise<void> {
	const data = await localData();
	if (data.identity.email) {
		account.user = { id: data.identity.userId, email: data.identity.email, displayName: data.identity.displayName };
		account.signedIn = !!data.identity.signedIn;
	}
	try {
		const status = await accountApi.status();
		account.reachable = true;
		account.setupNeeded = status.setupNeeded;
		await remember(status.user);
	} catch (e) {
		if (e instanceof ApiError && e.code === 'offline') account.reachable = false;
		else throw e;
	}
}

export async function signIn(email: string, password: string): Promise<void> {
	await remember((await accountApi.login({ email, password })).user);
	syncNow();
}

export async function setUpServer(email: string, password: string, displayName: string): Promise<void> {
	await remember((await accountApi.setup({ email, password, displayName })).user);
	account.setupNeeded = false;
}

export async function signOut(everywhere = false): Promise<void> {
	await (everywhere ? accountApi.logoutEverywhere() : accountApi.logout());
	await remember(null);
}

/** Puts a local project on the server (same id) and starts syncing it. */
export async function attachProject(projectId: string, name: string): Promise<void> {
	await accountApi.createProject(projectId, name);
	const data = await localData();
	// Only the first time: a retried attach must not queue the project twice.
	if (!(await isLinked(data.db, projectId))) await prepareFirstPush(data.db, projectId, { localId: `local-${data.deviceId}`, userId: data.identity.userId });
	await linkProject(data.db, { projectId, attachedAt: nowIso(), attachedBy: data.identity.userId });
	syncNow();
}

/** Brings a server project this device has never had: link it, and the next sync pulls everything. */
export async function fetchProject(projectId: string): Promise<void> {
	const data = await localData();
	await linkProject(data.db, { projectId, attachedAt: nowIso(), attachedBy: data.identity.userId });
	syncNow();
}

/** Joins with an invitation code: a new account, or the signed-in one, becomes a member. */
export async function joinWithInvite(code: string, input: { email?: string; password?: string; displayName?: string }): Promise<string> {
	const result = await accountApi.acceptInvite(code, input);
	await remember(result.user);
	await fetchProject(result.projectId);
	return result.projectId;
}
