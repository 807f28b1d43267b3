import { api } from '$lib/account/api';
import { newId } from '$lib/domain/ids';
import { fromBase64 } from './bytes';
import { addServerWrap, removeServerWrap, unwrapWithServerSecret, type KeyRingStore } from './keyRing';

/**
 * Recovery of this tablet's data through the server (a forgotten PIN, a lost recovery
 * code): the data key gets a third wrap, by a random secret the server keeps for the
 * signed-in account and hands back only after a sign-in with the password. The server
 * routes are `/api/auth/device-keys/*` (server/auth/deviceKeys.ts).
 */

const fromBase64Url = (text: string) => fromBase64(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '='));
const ringPath = (ringId: string) => `/api/auth/device-keys/${encodeURIComponent(ringId)}`;

/** Turns recovery on (or renews it) for the signed-in account: needs the network; throws the server's ApiError. */
export async function enrolThroughServer(store: KeyRingStore, dataKey: Uint8Array<ArrayBuffer>, email: string): Promise<void> {
	const ringId = (await store.read())?.server?.ringId ?? newId();
	const { secret } = await api<{ secret: string }>(ringPath(ringId), { method: 'PUT' });
	await addServerWrap(store, dataKey, { ringId, email, secret: fromBase64Url(secret) });
}

/**
 * Turns it off: the tablet's wrapped copy goes at once (without it the server's secret
 * opens nothing); the server's secret is deleted too when the server can be reached.
 */
export async function leaveServerRecovery(store: KeyRingStore): Promise<void> {
	const ringId = (await store.read())?.server?.ringId;
	await removeServerWrap(store);
	if (ringId) await api(ringPath(ringId), { method: 'DELETE' }).catch(() => {});
}

/**
 * Signs in with e-mail and password and opens the data key with the server's secret:
 * null when the secret does not open this ring. Refusals are the server's ApiError
 * (invalid_credentials, rate_limited, account_disabled, no_device_key, offline).
 */
export async function recoverThroughServer(store: KeyRingStore, email: string, password: string): Promise<Uint8Array<ArrayBuffer> | null> {
	const ringId = (await store.read())?.server?.ringId;
	if (!ringId) return null;
	const { secret } = await api<{ secret: string }>('/api/auth/device-keys/recover', {
		method: 'POST',
		body: JSON.stringify({ email, password, ringId })
	});
	return unwrapWithServerSecret(store, fromBase64Url(secret));
}
