import { afterEach, expect, test } from 'vitest';
import type { AppServer } from '../e2e/support/appServer';
import { click, get, hasAttribute, hasText, textContent } from './support/page';
import { openTablet, startTestServer } from './support/tablet';
import { inviteAndJoin, ownerSharesDemo, syncAndSettle } from './support/team';
import { Key, type Session } from './support/webdriver';

// Two iPads on one project, both without a server for a while: both add to the same
// interview's notes; when the server is back and both sync, each sees both texts.

let server: AppServer | undefined;
const tablets: Session[] = [];
afterEach(async () => {
	for (const tablet of tablets.splice(0)) await tablet.close();
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

const editor = { role: 'textbox', name: 'Notater fra økta' } as const;
const sessionTitle = /Observasjon i venterommet hos NAV/;

async function openSession(tablet: Session, origin: string): Promise<void> {
	await tablet.goto(`${origin}/capture`);
	await click(tablet, { within: { testId: 'session-list' }, role: 'link', name: sessionTitle });
	await get(tablet, editor);
}

test('two tablets edit the same notes with the server gone; after both sync each has both texts', async (context) => {
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

	// The server goes away (the tablets are offline); both write in the same session's notes.
	await server.stop();
	for (const [tablet, words] of [
		[a, 'Anna noterte dette uten nett.'],
		[b, 'Bjørn skrev dette samtidig.']
	] as const) {
		await openSession(tablet, origin);
		await click(tablet, editor);
		await tablet.keys([Key.End], ['\uE009']);
		await tablet.keys([Key.Enter]);
		await tablet.typeKeys(words);
		await hasAttribute(tablet, { testId: 'note-status' }, 'data-status', 'saved');
	}

	await server.start();
	await syncAndSettle(a, origin);
	await syncAndSettle(b, origin);
	await syncAndSettle(a, origin);

	for (const tablet of [a, b]) {
		await openSession(tablet, origin);
		await hasText(tablet, editor, 'Anna noterte dette uten nett.');
		await hasText(tablet, editor, 'Bjørn skrev dette samtidig.');
		const text = await textContent(tablet, await get(tablet, editor));
		expect(text).toContain('Anna noterte dette uten nett.');
		expect(text).toContain('Bjørn skrev dette samtidig.');
	}
});
