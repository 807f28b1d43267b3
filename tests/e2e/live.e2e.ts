import { expect, test } from '@playwright/test';
import type { AppServer } from './support/appServer';
import { nav, quickCapture } from './pages/app';
import { inviteAndJoin, openTablet, ownerSharesDemo, startTeamServer } from './pages/team';

// Two tablets online on one project: what A writes shows on B at once, without B
// pressing anything (the timer alone would take up to 30 s), and again after the server
// was restarted under B's open stream.

let server: AppServer | undefined;
test.afterEach(async () => {
	await server?.stop({ signal: 'SIGKILL' });
	server = undefined;
});

test('what one tablet captures appears on the other within seconds, also after a server restart @one-viewport', async ({ browser }) => {
	test.setTimeout(180_000);
	server = await startTeamServer({ startTimeoutMs: 90_000 });
	const a = await openTablet(browser, server);
	const b = await openTablet(browser, server);
	await ownerSharesDemo(a.page, { name: 'Anna Forsker', email: 'anna@example.org', password: 'lang-nok-passord-1' });
	await inviteAndJoin(a.page, b.page, 'forsker', { name: 'Bjørn Feltarbeider', email: 'bjorn@example.org', password: 'et-annet-passord-2' });

	await b.page.goto('/settings#sync');
	await expect(b.page.getByTestId('sync-live')).toHaveAttribute('data-live', 'live');
	await nav(b.page).getByRole('link', { name: 'Bibliotek' }).click();

	await a.page.goto('/capture');
	const first = 'Direkte: ungdommen venter på svar fra NAV';
	await quickCapture(a.page, 'Observasjon', first);
	// Pushed within ~250 ms, announced, pulled: well inside the 30 s timer.
	await expect(b.page.getByText(first)).toBeVisible({ timeout: 5_000 });

	// The server goes away and comes back; B's stream reconnects by itself and catches up.
	await server.stop();
	await server.start();
	const second = 'Etter omstart: ungdommen fikk time';
	await quickCapture(a.page, 'Observasjon', second);
	await expect(b.page.getByText(second)).toBeVisible({ timeout: 20_000 });
});
