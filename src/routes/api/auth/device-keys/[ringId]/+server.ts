import { json } from '@sveltejs/kit';
import { deviceKeyParams, forgetDeviceKey, issueDeviceKey } from '$lib/server/auth/deviceKeys';
import { storage } from '$lib/server/db';
import { requireUser } from '$lib/server/http/auth';
import { endpoint, invalidInput } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

function ringOf(params: { ringId: string }): string {
	const parsed = deviceKeyParams.safeParse(params);
	if (!parsed.success) throw invalidInput([{ path: 'ringId', code: 'invalidId' }]);
	return parsed.data.ringId;
}

/**
 * Recovery through the server for one of the signed-in user's tablets (its key ring).
 * PUT → 200 `{ secret }` (a new one each time; the tablet wraps its data key with it and
 * forgets it); 409 `too_many_device_keys` beyond 20 tablets. DELETE → 200 `{ forgotten }`.
 */
export const PUT: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	return json({ secret: await issueDeviceKey(await storage(), user.id, ringOf(event.params)) });
});

export const DELETE: RequestHandler = endpoint(async (event) => {
	const user = requireUser(event);
	return json({ forgotten: await forgetDeviceKey(await storage(), user.id, ringOf(event.params)) });
});
