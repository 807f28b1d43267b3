import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// Liveness for the start script, the e2e harness and load balancers. Never cached: the
// service worker does not touch /api/, and neither should any proxy.
export const GET: RequestHandler = () =>
	json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
