import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { setupFirstAccount } from '$lib/server/auth/accounts';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { useStorageForTests, type Sql } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import { apiClient } from '$lib/server/http/testing';
import { acceptInviteWithNewAccount, createInvite } from '$lib/server/projects/invites';
import { attachProject } from '$lib/server/projects/projects';
import * as blobRoute from '../../../routes/api/projects/[projectId]/blobs/[sha256]/+server';
import { appendChunk, beginUpload } from './blobs';

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const password = 'lang nok setning for testen 42';
// Each test hashes two passwords (scrypt) and opens a fresh schema: seconds on a busy machine.
const SLOW = 30_000;

/** A project with an owner, and a second project with its own owner who knows nothing but hashes. */
async function world(sql: Sql) {
	const owner = await setupFirstAccount(sql, { email: 'eier@example.no', password, displayName: 'Eier' });
	const projectId = uuidv7();
	await attachProject(sql, owner.user.id, { id: projectId, name: 'Ungt utenforskap' });
	const otherProject = uuidv7();
	await attachProject(sql, owner.user.id, { id: otherProject, name: 'Et annet prosjekt' });
	const invite = await createInvite(sql, { projectId: otherProject, createdBy: owner.user.id, role: 'owner' });
	const outsider = await acceptInviteWithNewAccount(sql, invite.code, { email: 'utenfor@example.no', password, displayName: 'Utenfor' });
	const signedIn = (token: string) => {
		const client = apiClient();
		client.jar.set(SESSION_COOKIE, { value: token, options: { path: '/' } });
		return client;
	};
	return { projectId, otherProject, owner: signedIn(owner.session.token), outsider: signedIn(outsider.session.token) };
}

async function stored(sql: Sql, projectId: string, data: Uint8Array, mime: string) {
	const sha256 = sha(data);
	await beginUpload(sql, projectId, { sha256, size: data.length, mime });
	await appendChunk(sql, projectId, sha256, 0, data, sha256);
	return sha256;
}

const jpeg = () => {
	const data = new Uint8Array(randomBytes(4000));
	data.set([0xff, 0xd8, 0xff, 0xe0]);
	return data;
};

forEachEngine('attachment routes (in-process)', (db) => {
	beforeEach(() => useStorageForTests(db.sql));
	afterEach(() => useStorageForTests(null));

	it('serves a photo as the type its bytes are, inline, sandboxed and never sniffed', async () => {
		const w = await world(db.sql);
		const data = jpeg();
		const sha256 = await stored(db.sql, w.projectId, data, 'image/jpeg');
		const res = await w.owner.call(blobRoute.GET, { path: `/api/projects/${w.projectId}/blobs/${sha256}`, params: { projectId: w.projectId, sha256 } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/jpeg');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
		expect(res.headers.get('content-disposition')).toBe('inline');
		expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(data))).toBe(true);
	}, SLOW);

	it('serves a byte range so a player can seek', async () => {
		const w = await world(db.sql);
		const data = jpeg();
		const sha256 = await stored(db.sql, w.projectId, data, 'image/jpeg');
		const call = (range: string) =>
			w.owner.call(blobRoute.GET, { path: `/api/projects/${w.projectId}/blobs/${sha256}`, params: { projectId: w.projectId, sha256 }, headers: { range } });
		const part = await call('bytes=1000-1999');
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe('bytes 1000-1999/4000');
		expect(Buffer.from(await part.arrayBuffer()).equals(Buffer.from(data.subarray(1000, 2000)))).toBe(true);
		expect((await call('bytes=5000-')).status).toBe(416);
	}, SLOW);

	it('serves content stored before types were checked as a download when its bytes are no allowed type', async () => {
		const w = await world(db.sql);
		const page = new TextEncoder().encode('<html><script>fetch("/api/projects")</script></html>');
		const sha256 = sha(page);
		await db.sql.query(`insert into blobs (sha256, size, mime, received, complete) values ($1, $2, 'text/html', $2, true)`, [sha256, page.length]);
		await db.sql.query(`insert into blob_chunks (sha256, offset_bytes, data) values ($1, 0, $2)`, [sha256, page]);
		await db.sql.query(`insert into blob_projects (sha256, project_id) values ($1, $2)`, [sha256, w.projectId]);
		const res = await w.owner.call(blobRoute.GET, { path: `/api/projects/${w.projectId}/blobs/${sha256}`, params: { projectId: w.projectId, sha256 } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/octet-stream');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${sha256}"`);
		expect(res.headers.get('content-security-policy')).toContain('sandbox');
	}, SLOW);

	it('gives a member of another project who knows the hash neither a completed upload nor the bytes', async () => {
		const w = await world(db.sql);
		const data = jpeg();
		const sha256 = await stored(db.sql, w.projectId, data, 'image/jpeg');
		const begun = await w.outsider.json(blobRoute.POST, {
			method: 'POST',
			path: `/api/projects/${w.otherProject}/blobs/${sha256}`,
			params: { projectId: w.otherProject, sha256 },
			body: { size: data.length, mime: 'image/jpeg' }
		});
		expect(begun).toMatchObject({ status: 200, body: { received: 0, complete: false } });
		const fetched = await w.outsider.json(blobRoute.GET, { path: `/api/projects/${w.otherProject}/blobs/${sha256}`, params: { projectId: w.otherProject, sha256 } });
		expect(fetched).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
		// Nor through the project that has it.
		const direct = await w.outsider.call(blobRoute.GET, { path: `/api/projects/${w.projectId}/blobs/${sha256}`, params: { projectId: w.projectId, sha256 } });
		expect(direct.status).toBe(403);
	}, SLOW);

	it('refuses to begin an HTML or SVG attachment with 415 unsupported_type', async () => {
		const w = await world(db.sql);
		for (const mime of ['text/html', 'image/svg+xml', 'image/jpeg\r\nset-cookie: x=1']) {
			const sha256 = sha(new TextEncoder().encode(mime));
			const res = await w.owner.json(blobRoute.POST, {
				method: 'POST',
				path: `/api/projects/${w.projectId}/blobs/${sha256}`,
				params: { projectId: w.projectId, sha256 },
				body: { size: 10, mime }
			});
			expect(res, mime).toMatchObject({ status: 415, body: { error: { code: 'unsupported_type' } } });
		}
		expect(await db.sql.query('select 1 from blob_uploads')).toHaveLength(0);
	}, SLOW);
});
