import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import type { AppServer } from './support/appServer';
import { collectPageErrors, putRawRow, queuedChanges, readTable } from './support/localDb';
import { nav } from './pages/app';
import { demoProjectName, inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer, syncAndSettle, type Tablet } from './pages/team';

// A team of three on one server – owner A, researcher B, reviewer C – and what none of
// them can break: the reviewer's screens offer no capture or edit controls (the full walk
// through them is roles.e2e.ts); a push made by hand from the reviewer's page, naming
// someone else or writing what the role may not, is refused whole; and half-made or
// malformed rows, from the server or already on a tablet, leave every screen working.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

const anna = { name: 'Anna Eier', email: 'anna@example.org', password: 'lang-nok-passord-1' };
const bjorn = { name: 'Bjørn Forsker', email: 'bjorn@example.org', password: 'et-annet-passord-2' };
const cecilie = { name: 'Cecilie Gjennomgår', email: 'cecilie@example.org', password: 'tredje-passord-3' };

interface Change {
	opId: string;
	hlc: string;
	table: string;
	rowId: string;
	field: string;
	value: unknown;
}
interface PushAnswer {
	status: number;
	body: { accepted?: string[]; rejected?: { opId: string; code: string }[]; error?: { code: string } };
}
interface EntryRow {
	id: string;
	text: unknown;
	kind?: string;
	deleted: number;
	reviewStatus: string;
	reviewedBy: string | null;
	[field: string]: unknown;
}

/** A stamp as a device makes it, now, from a node of the test's choosing. */
const stamp = (node: string) => `${String(Date.now()).padStart(15, '0')}:0000:${node}`;

function change(table: string, rowId: string, field: string, value: unknown, node = 'handmade'): Change {
	return { opId: randomUUID(), hlc: stamp(node), table, rowId, field, value };
}

/** A push made by hand from the page, with the cookie of whoever is signed in there. */
function pushFrom(page: Page, projectId: string, changes: Change[]): Promise<PushAnswer> {
	return page.evaluate(
		async ([projectId, changes]) => {
			const response = await fetch(`/api/projects/${projectId}/sync/push`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ changes })
			});
			return { status: response.status, body: await response.json() };
		},
		[projectId, changes] as const
	);
}

/** Refused whole: a 4xx, or 200 with nothing accepted and every op in `refused` listed with its code. */
function expectRefused(answer: PushAnswer, refused: Record<string, string>): void {
	const codes = answer.body.rejected?.map((r) => r.code).join(', ') ?? answer.body.error?.code;
	test.info().annotations.push({ type: 'refused', description: `${answer.status}: ${codes}` });
	if (answer.status !== 200) {
		expect(answer.status).toBeGreaterThanOrEqual(400);
		expect(answer.status).toBeLessThan(500);
		return;
	}
	expect(answer.body.accepted).toEqual([]);
	const byOp = Object.fromEntries((answer.body.rejected ?? []).map((r) => [r.opId, r.code]));
	for (const [opId, code] of Object.entries(refused)) expect(byOp[opId], `refusal of ${opId}`).toBe(code);
}

async function whoAmI(tablet: Tablet): Promise<string> {
	const response = await tablet.context.request.get('/api/auth/me');
	expect(response.status()).toBe(200);
	return ((await response.json()) as { user: { id: string } }).user.id;
}

async function demoProjectId(tablet: Tablet): Promise<string> {
	const response = await tablet.context.request.get('/api/projects');
	const { projects } = (await response.json()) as { projects: { id: string; name: string }[] };
	return projects.find((p) => p.name === demoProjectName)!.id;
}

/** Everything the server hands out for the project, as text. */
async function serverLog(tablet: Tablet, projectId: string): Promise<string> {
	let after = 0;
	let text = '';
	for (;;) {
		const response = await tablet.context.request.get(`/api/projects/${projectId}/sync/pull?after=${after}`);
		expect(response.status()).toBe(200);
		const page = (await response.json()) as { changes: unknown[]; cursor: number; hasMore: boolean };
		text += JSON.stringify(page.changes);
		after = page.cursor;
		if (!page.hasMore) return text;
	}
}

/** Library, review queue and capture each load and show the project's evidence – no "Laster …" left standing. */
async function screensWork(page: Page): Promise<void> {
	await nav(page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(page.getByTestId('library-count')).toContainText('bevis');
	await expect(page.getByTestId('entry').first()).toBeVisible();
	await page.getByTestId('library-search').fill('venter');
	await expect(page.getByTestId('library-count')).toContainText('bevis');
	await expect(page.getByText('Laster …')).toHaveCount(0);

	await nav(page).getByRole('link', { name: 'Gjennomgang' }).click();
	await expect(page.getByTestId('review-waiting')).toBeVisible();
	await expect(page.getByTestId('queue-item').first()).toBeVisible();
	await expect(page.getByText('Laster …')).toHaveCount(0);

	await nav(page).getByRole('link', { name: 'Fangst' }).click();
	await expect(page.getByTestId('session-list').getByRole('link').first()).toBeVisible();
	await expect(page.getByTestId('entry-list').getByTestId('entry').first()).toBeVisible();
	await expect(page.getByText('Laster …')).toHaveCount(0);
}

test('the reviewer is offered no capture or edit controls, and a hand-made push in a colleague\'s name is refused whole @one-viewport', async ({ browser }) => {
	test.setTimeout(300_000);
	server = await startTeamServer({ startTimeoutMs: 120_000 });
	const [a, b, c] = [await openTablet(browser, server), await openTablet(browser, server), await openTablet(browser, server)];
	const errors = [a, b, c].map((t) => collectPageErrors(t.page));
	await ownerSharesDemo(a.page, anna, { goesOffline: false });
	await inviteAndJoin(a.page, b.page, 'forsker', bjorn);
	await inviteAndJoin(a.page, c.page, 'gjennomgår', cecilie);
	const [annaId, cecilieId, projectId] = [await whoAmI(a), await whoAmI(c), await demoProjectId(a)];

	// C's screens: evidence and notes to read, review to do, nothing to capture or edit.
	await nav(c.page).getByRole('link', { name: 'Fangst' }).click();
	await expect(c.page.getByTestId('capture-read-only')).toBeVisible();
	await expect(c.page.getByTestId('quick-capture')).toHaveCount(0);
	await expect(c.page.getByTestId('session-form')).toHaveCount(0);
	await c.page.getByTestId('session-list').getByRole('link').first().click();
	await expect(c.page.getByTestId('note-read-only')).toBeVisible();
	await expect(c.page.getByTestId('note-surface')).toHaveAttribute('contenteditable', 'false');
	await nav(c.page).getByRole('link', { name: 'Bibliotek' }).click();
	await expect(c.page.getByTestId('entry').first()).toBeVisible();
	await expect(c.page.getByTestId('entry').getByRole('button', { name: 'Merk' })).toHaveCount(0);
	await expect(c.page.getByTestId('entry').getByRole('button', { name: 'Slett' })).toHaveCount(0);
	await nav(c.page).getByRole('link', { name: 'Gjennomgang' }).click();
	await expect(c.page.getByTestId('reviewer-note')).toBeVisible();
	await expect(c.page.getByTestId('queue-item').first()).toBeVisible();
	await expect(c.page.getByRole('button', { name: 'Rediger tekst' })).toHaveCount(0);
	expect(await queuedChanges(c.page)).toBe(0);

	// C's hand-made pushes, with C's cookie, past the app.
	// The target: the first piece of evidence waiting in the queue, as every tablet lists it.
	const targetId = (await c.page.locator('[data-testid="queue-item"][data-status="new"]').first().getAttribute('data-entry'))!;
	const target = (await readTable<EntryRow>(c.page, 'entries')).find((e) => e.id === targetId)!;
	expect(target).toMatchObject({ reviewStatus: 'new', reviewedBy: null });
	const forgedText = 'Smuglet inn av gjennomgåeren';
	const newEntryId = randomUUID();
	const { id: _id, projectId: _projectId, updatedAt: _updatedAt, ...whole } = target;
	const now = new Date().toISOString();
	// (a) a new piece of evidence, whole and valid, in C's own name: a reviewer may not capture.
	const newEntry = change('entries', newEntryId, '$row', { ...whole, kind: 'observation', text: forgedText, highlightId: null, createdBy: cecilieId, createdAt: now });
	expectRefused(await pushFrom(c.page, projectId, [newEntry]), { [newEntry.opId]: 'forbidden' });
	// (b) five dots "from" the owner.
	const clusterId = randomUUID();
	const voteId = `vote:${clusterId}:${annaId}:1`;
	const forgedVote = change('votes', voteId, '$row', { clusterId, voter: annaId, dots: 5, createdBy: cecilieId, createdAt: now, deleted: 0 });
	expectRefused(await pushFrom(c.page, projectId, [forgedVote]), { [forgedVote.opId]: 'wrong_author' });
	// (c) a review mark signed with the owner's name.
	const forgedMark = change('entries', target.id, 'reviewedBy', annaId);
	expectRefused(await pushFrom(c.page, projectId, [forgedMark]), { [forgedMark.opId]: 'wrong_author' });
	// All together with one change C may make: the whole push is refused, the honest change too.
	const honest = change('entries', target.id, 'reviewStatus', 'questioned');
	const [vote2, mark2] = [{ ...forgedVote, opId: randomUUID() }, { ...forgedMark, opId: randomUUID() }];
	const together = await pushFrom(c.page, projectId, [honest, vote2, mark2]);
	expectRefused(together, { [vote2.opId]: 'wrong_author', [mark2.opId]: 'wrong_author' });
	expect(together.body.accepted ?? []).not.toContain(honest.opId);

	// The server hands out none of it; after syncing, A and B hold none of it.
	const log = await serverLog(a, projectId);
	for (const trace of [forgedText, newEntryId, voteId, ...[newEntry, forgedVote, forgedMark, honest, vote2, mark2].map((x) => x.opId)]) expect(log).not.toContain(trace);
	for (const who of [a, b]) {
		await syncAndSettle(who.page);
		const stored = await readTable<EntryRow>(who.page, 'entries');
		expect(stored.find((e) => e.id === newEntryId)).toBeUndefined();
		expect(stored.find((e) => e.id === target.id)).toMatchObject({ reviewStatus: 'new', reviewedBy: null });
		expect((await readTable<{ id: string }>(who.page, 'votes')).map((v) => v.id)).not.toContain(voteId);
		await nav(who.page).getByRole('link', { name: 'Gjennomgang' }).click();
		const item = who.page.locator(`[data-testid="queue-item"][data-entry="${target.id}"]`);
		await expect(item).toHaveAttribute('data-status', 'new');
		await expect(item.getByTestId('marked-by')).toHaveCount(0);
		await nav(who.page).getByRole('link', { name: 'Bibliotek' }).click();
		await who.page.getByTestId('library-search').fill('Smuglet');
		await expect(who.page.getByText('Ingen bevis passer filtrene.')).toBeVisible();
	}
	expect(errors.flat()).toEqual([]);
	for (const t of [a, b, c]) await t.context.close();
});

test('half-made rows from the server and malformed rows on a tablet leave library, queue and capture working @one-viewport', async ({ browser }) => {
	test.setTimeout(300_000);
	server = await startTeamServer({ startTimeoutMs: 120_000 });
	const [a, b] = [await openTablet(browser, server), await openTablet(browser, server)];
	const errors = [a, b].map((t) => collectPageErrors(t.page));
	await ownerSharesDemo(a.page, anna, { goesOffline: false });
	await inviteAndJoin(a.page, b.page, 'forsker', bjorn);
	const [annaId, projectId] = [await whoAmI(a), await demoProjectId(a)];

	// The owner feeds the server half a row by script: a review mark for an entry never created,
	// and a new entry without its kind. The whole-row rule refuses both; nothing is stored.
	const ghostId = randomUUID();
	const markOnly = change('entries', ghostId, 'reviewStatus', 'reviewed');
	expectRefused(await pushFrom(a.page, projectId, [markOnly]), { [markOnly.opId]: 'row_missing' });
	const kindless = change('entries', ghostId, '$row', { text: 'Et bevis uten type', createdBy: annaId, createdAt: new Date().toISOString(), deleted: 0 });
	expectRefused(await pushFrom(a.page, projectId, [kindless]), { [kindless.opId]: 'row_incomplete' });
	expect(await serverLog(a, projectId)).not.toContain(ghostId);
	await syncAndSettle(a.page);
	await screensWork(a.page);

	// B receives what a newer or faulty server could send in a pull: a table and a field this
	// build does not know, a value its schema refuses, a row change that is no row, a note
	// update that is not one, and a field change for a row B never received whole.
	const entries = (await readTable<EntryRow>(b.page, 'entries')).filter((e) => e.deleted === 0 && typeof e.kind === 'string');
	const [victim] = entries;
	const halfId = randomUUID();
	let injected = false;
	await b.context.route(/\/api\/projects\/[^/]+\/sync\/pull\?after=/, async (route) => {
		const response = await route.fetch();
		const page = (await response.json()) as { changes: Record<string, unknown>[]; cursor: number; hasMore: boolean };
		if (!injected) {
			injected = true;
			const odd = (table: string, rowId: string, field: string, value: unknown) => ({ ...change(table, rowId, field, value, 'mallory'), seq: page.cursor });
			page.changes.push(
				odd('futureThings', randomUUID(), 'name', 'fra en nyere server'),
				odd('entries', victim.id, 'favouriteColour', 'blå'),
				odd('entries', victim.id, 'text', 12345),
				odd('entries', randomUUID(), '$row', 'ingen rad'),
				odd('noteUpdates', `note:${randomUUID()}`, '$yjs', 'Z2FyYmFnZSBieXRlcw=='),
				odd('entries', halfId, 'reviewStatus', 'questioned')
			);
		}
		await route.fulfill({ response, json: page });
	});
	await syncAndSettle(b.page);
	expect(injected).toBe(true);
	await b.context.unroute(/\/api\/projects\/[^/]+\/sync\/pull\?after=/);
	const reasons = (await readTable<{ reason: string }>(b.page, 'setAside')).map((r) => r.reason).sort();
	expect(reasons).toEqual(['invalid_update', 'invalid_value', 'invalid_value', 'unknown_field', 'unknown_table']);
	await expect(b.page.getByTestId('sync-set-aside').getByRole('listitem')).toHaveCount(5);
	await expect(b.page.getByTestId('sync-set-aside')).toContainText('oppdater appen');
	// The victim keeps its text; the half row is kept, for a later pull to complete, but shown nowhere.
	const afterPull = await readTable<EntryRow>(b.page, 'entries');
	expect(afterPull.find((e) => e.id === victim.id)?.text).toBe(victim.text);
	expect(afterPull.find((e) => e.id === halfId)).toMatchObject({ reviewStatus: 'questioned' });
	await screensWork(b.page);
	await expect(b.page.locator(`[data-testid="queue-item"][data-entry="${halfId}"]`)).toHaveCount(0);

	// Rows already broken on B's tablet (an old build, a tampered database): one without its
	// kind, one whose text is not text. The screens read the database afresh and keep working.
	const { id: _id, ...rest } = victim;
	await putRawRow(b.page, 'entries', { ...rest, id: randomUUID(), kind: undefined, text: 'Rad uten type' });
	await putRawRow(b.page, 'entries', { ...rest, id: randomUUID(), text: 4242 });
	await b.page.reload();
	await screensWork(b.page);
	await expect(b.page.getByText('Rad uten type')).toHaveCount(0);

	// Sync goes on for both, and A's screens are untouched by any of it.
	await syncAndSettle(b.page);
	await syncAndSettle(a.page);
	await screensWork(a.page);
	expect(errors.flat()).toEqual([]);
	await a.context.close();
	await b.context.close();
});
