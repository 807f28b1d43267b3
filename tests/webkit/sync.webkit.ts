import { afterEach, expect, test } from 'vitest';
import type { AppServer } from '../e2e/support/appServer';
import { click, get, hasAttribute, hasText, textContent } from './support/page';
import { openTablet, startTestServer } from './support/tablet';
import { inviteAndJoin, ownerSharesDemo, syncAndSettle } from './support/team';
import { Key, type Session } from './support/webdriver';

// Two iPads on one project: the owner writes in an interview's notes and syncs, the
// colleague's tablet shows it; the colleague adds to the same notes, and the owner's
// tablet shows that. Each tablet is its own WebKit browser (its own storage).
//
// The owner's setup loads pages afresh after writing (`goto`), which puts the previous
// page in WebKit's back/forward cache: before data/pageCache.ts, that frozen page's open
// transactions kept the first sync at "Synkroniserer …" for ever.

let server: AppServer | undefined;
const tablets: Session[] = [];
afterEach(async () => {
	for (const tablet of tablets.splice(0)) await tablet.close();
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

const editor = { role: 'textbox', name: 'Notater fra økta' } as const;
const sessionTitle = /Observasjon i venterommet hos NAV/;
const Control = '\uE009';

async function openSession(tablet: Session, origin: string): Promise<void> {
	await tablet.goto(`${origin}/capture`);
	// Straight to the session's address: a tap while the list still renders can miss it.
	const link = await get(tablet, { within: { testId: 'session-list' }, role: 'link', name: sessionTitle });
	const href = await tablet.attribute(link, 'href');
	if (!href) throw new Error('the session link has no address');
	await tablet.goto(new URL(href, origin).href);
	await get(tablet, editor, 60_000);
}

/** A new paragraph at the end of the notes, typed key by key, and saved on the device. */
async function addParagraph(tablet: Session, origin: string, words: string): Promise<void> {
	await openSession(tablet, origin);
	await click(tablet, editor);
	await tablet.keys([Key.End], [Control]);
	await tablet.keys([Key.Enter]);
	await tablet.typeKeys(words);
	await hasAttribute(tablet, { testId: 'note-status' }, 'data-status', 'saved');
}

async function notesText(tablet: Session, origin: string, expected: string): Promise<string> {
	await openSession(tablet, origin);
	await hasText(tablet, editor, expected, 60_000);
	return textContent(tablet, await get(tablet, editor));
}

test('the owner writes and syncs, the colleague sees it; the colleague adds, the owner sees that', { timeout: 900_000 }, async (context) => {
	server = await startTestServer();
	// What the server saw, for a failure message (sync runs between two processes).
	const ours = server;
	context.onTestFailed(() => console.log(`server output:\n${ours.output().slice(-4000)}`));
	const a = await openTablet(0);
	tablets.push(a);
	const b = await openTablet(1);
	tablets.push(b);
	const origin = server.url;

	await ownerSharesDemo(a, origin, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' });
	await inviteAndJoin(a, b, origin, { name: 'Bjørn Feltarbeider', email: 'bjorn@example.org', password: 'et-annet-passord-2' });

	const annas = 'Anna noterte dette på sitt nettbrett.';
	await addParagraph(a, origin, annas);
	await syncAndSettle(a, origin);

	await syncAndSettle(b, origin);
	expect(await notesText(b, origin, annas)).toContain(annas);

	const bjorns = 'Bjørn la til dette etterpå.';
	await addParagraph(b, origin, bjorns);
	await syncAndSettle(b, origin);

	await syncAndSettle(a, origin);
	const onA = await notesText(a, origin, bjorns);
	expect(onA).toContain(annas);
	expect(onA).toContain(bjorns);
});
