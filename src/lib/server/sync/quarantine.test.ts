import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setupFirstAccount } from '$lib/server/auth/accounts';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { useStorageForTests, type Sql } from '$lib/server/db';
import { forEachEngine } from '$lib/server/db/testing';
import { serverSnapshot } from '$lib/server/exchange/snapshot';
import { exportFile } from '$lib/server/exchange/formats';
import { apiClient } from '$lib/server/http/testing';
import { acceptInviteWithNewAccount, createInvite } from '$lib/server/projects/invites';
import { attachProject } from '$lib/server/projects/projects';
import { noteFragment } from '$lib/notes/noteDoc';
import { handlePull } from './handlers';
import * as route from '../../../routes/api/projects/[projectId]/notes/quarantine/+server';

const password = 'Fjordvik-lange-netter-77';
const noteId = 'note:session-1';

function paragraphUpdate(text: string): string {
	const doc = new Y.Doc();
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	noteFragment(doc).insert(0, [p]);
	return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

/** A note update in the log as if stored before the server checked them. */
async function storeUpdate(sql: Sql, projectId: string, opId: string, value: string, userId: string) {
	await sql.query(
		`insert into changes (op_id, project_id, tbl, row_id, field, value, hlc, user_id) values ($1, $2, 'noteUpdates', $3, '$yjs', $4::jsonb, $5, $6)`,
		[opId, projectId, noteId, JSON.stringify(value), `${String(Date.now()).padStart(15, '0')}:0000:dev`, userId]
	);
}

forEachEngine('quarantined note updates', (db) => {
	beforeEach(() => useStorageForTests(db.sql));
	afterEach(() => useStorageForTests(null));

	async function world() {
		const owner = await setupFirstAccount(db.sql, { email: 'eier@example.no', password, displayName: 'Eier' });
		const projectId = uuidv7();
		await attachProject(db.sql, owner.user.id, { id: projectId, name: 'Ungt utenforskap' });
		const invite = await createInvite(db.sql, { projectId, createdBy: owner.user.id, role: 'researcher' });
		const researcher = await acceptInviteWithNewAccount(db.sql, invite.code, { email: 'forsker@example.no', password, displayName: 'Forsker' });
		const client = (token: string) => {
			const c = apiClient();
			c.jar.set(SESSION_COOKIE, { value: token, options: { path: '/' } });
			return c;
		};
		return { projectId, ownerId: owner.user.id, owner: client(owner.session.token), researcher: client(researcher.session.token) };
	}

	it('an owner quarantines a stored bad update; the server export then leaves it out and still works', async () => {
		const w = await world();
		await storeUpdate(db.sql, w.projectId, 'op-good', paragraphUpdate('God tekst'), w.ownerId);
		// Valid base64, not a Yjs update: what a faulty device once got stored.
		await storeUpdate(db.sql, w.projectId, 'op-bad', Buffer.from('not a yjs update at all').toString('base64'), w.ownerId);
		await storeUpdate(db.sql, w.projectId, 'op-not-base64', '%%%', w.ownerId);

		const before = await serverSnapshot(db.sql, w.projectId);
		// The text that is not base64 never reaches the exporters; the bad Yjs one is skipped by them.
		expect(before.noteUpdates.map((u) => u.id)).toEqual(['op-good', 'op-bad']);
		for (const format of ['qdpx', 'csv', 'md', 'html'] as const) {
			await expect(exportFile(before, { format, bom: '0' }, '2026-12-01T00:00:00Z')).resolves.toMatchObject({ extension: format });
		}

		const path = `/api/projects/${w.projectId}/notes/quarantine`;
		const params = { projectId: w.projectId };
		const refused = await w.researcher.json(route.POST, { method: 'POST', path, params, body: { opId: 'op-bad' } });
		expect(refused.status).toBe(403);
		const missing = await w.owner.json<{ error: { code: string } }>(route.POST, { method: 'POST', path, params, body: { opId: 'op-nowhere' } });
		expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);

		const done = await w.owner.json(route.POST, { method: 'POST', path, params, body: { opId: 'op-bad' } });
		expect([done.status, done.body]).toEqual([200, { opId: 'op-bad', noteId, quarantined: true }]);
		// Twice is the same.
		expect((await w.owner.json(route.POST, { method: 'POST', path, params, body: { opId: 'op-bad' } })).status).toBe(200);

		const after = await serverSnapshot(db.sql, w.projectId);
		expect(after.noteUpdates.map((u) => u.id)).toEqual(['op-good']);
		// The log itself is untouched: sequence numbers and cursors stay valid.
		const pulled = await handlePull(db.sql, { projectId: w.projectId, userId: w.ownerId, role: 'owner' }, new URLSearchParams({ after: '0' }));
		expect(pulled.status).toBe(200);
	});
});
