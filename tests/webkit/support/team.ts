// A team on its own server, in WebKit: an owner who shares the demo project, and a
// colleague who joins with an invitation code on a second tablet (a second browser).

import { E2E_SETUP_CODE } from '../../e2e/support/appServer';
import { atPath, click, fill, get, hasAttribute, hasText } from './page';
import { waitForServiceWorkerControl } from './tablet';
import type { Session } from './webdriver';

export const demoProjectName = 'Demo: Ungt utenforskap i Fjordvik';

export interface Person {
	name: string;
	email: string;
	password: string;
}

/** Syncs now from the settings screen and waits until nothing is left to send. */
export async function syncAndSettle(tablet: Session, origin: string): Promise<void> {
	await tablet.goto(`${origin}/settings#sync`);
	await click(tablet, { testId: 'sync-now' });
	// The first push of a whole project is hundreds of changes; WebKit's IndexedDB is slower than Chromium's.
	try {
		await hasAttribute(tablet, { testId: 'sync-phase' }, 'data-phase', 'idle', 120_000);
	} catch (error) {
		// Who holds the sync leader's lock (a page frozen in the back/forward cache kept it once).
		const locks = await tablet
			.executeAsync<string>('const done = arguments[0]; navigator.locks ? navigator.locks.query().then((s) => done(JSON.stringify(s)), (e) => done(String(e))) : done("no Web Locks");')
			.catch((e: Error) => e.message);
		throw new Error(`${(error as Error).message}\n  locks: ${locks}`, { cause: error });
	}
	await hasText(tablet, { testId: 'sync-panel' }, '0 endringer venter', 120_000);
}

/** The first visit to a fresh server: the owner account, the demo project, shared and synced. */
export async function ownerSharesDemo(tablet: Session, origin: string, who: Person): Promise<void> {
	await tablet.goto(`${origin}/settings#account`);
	const setup = { testId: 'setup-form' } as const;
	await fill(tablet, { within: setup, label: 'Oppsettskode' }, E2E_SETUP_CODE);
	await fill(tablet, { within: setup, label: 'Navn (vises for teamet)' }, who.name);
	await fill(tablet, { within: setup, label: 'E-post' }, who.email);
	await fill(tablet, { within: setup, label: 'Passord' }, who.password);
	await click(tablet, { within: setup, role: 'button', name: 'Opprett eierkonto' });
	await hasText(tablet, { testId: 'signed-in-as' }, who.name);
	await tablet.goto(`${origin}/`);
	await click(tablet, { role: 'button', name: 'Last inn demoprosjekt' });
	await atPath(tablet, '/capture');
	await tablet.goto(`${origin}/`);
	await click(tablet, { testId: 'share-project' });
	// Putting a project on a server queues it whole in one IndexedDB transaction, which
	// WebKit can take a long while over on a busy machine.
	await get(tablet, { testId: 'project-linked' }, 120_000);
	await syncAndSettle(tablet, origin);
	// The server will go away later: the app must be cached by then.
	await waitForServiceWorkerControl(tablet);
}

/** The owner invites a colleague as a researcher; the colleague joins on their own tablet. */
export async function inviteAndJoin(owner: Session, colleague: Session, origin: string, who: Person): Promise<void> {
	await owner.goto(`${origin}/`);
	await click(owner, { role: 'link', name: 'Team og invitasjoner' });
	const role = await get(owner, { label: 'Rolle' });
	await owner.execute(
		"const select = arguments[0]; const option = Array.from(select.options).find((o) => o.textContent.trim() === 'forsker'); select.value = option.value; select.dispatchEvent(new Event('change', { bubbles: true }));",
		role
	);
	await click(owner, { role: 'button', name: 'Lag invitasjon' });
	const code = await owner.attribute(await get(owner, { testId: 'invite-code' }), 'data-code');
	if (!code) throw new Error('no invitation code shown');

	await colleague.goto(`${origin}/join/${code}`);
	await hasText(colleague, { testId: 'invite-details' }, 'forsker');
	const form = { testId: 'join-form' } as const;
	await fill(colleague, { within: form, label: 'Navn (vises for teamet)' }, who.name);
	await fill(colleague, { within: form, label: 'E-post' }, who.email);
	await fill(colleague, { within: form, label: 'Passord' }, who.password);
	await click(colleague, { within: form, role: 'button', name: 'Bli med' });
	await atPath(colleague, '/');
	await syncAndSettle(colleague, origin);
	await colleague.goto(`${origin}/`);
	await hasText(colleague, { testId: 'active-project-name' }, demoProjectName);
	await waitForServiceWorkerControl(colleague);
}
