import { expect, type Locator, type Page } from '@playwright/test';
import { nav } from './app';

/** The review screens' own navigation (queue, boards, insights, areas, intercoder, present). */
export function reviewNav(page: Page): Locator {
	return page.getByRole('navigation', { name: 'Deler av gjennomgangen' });
}

/**
 * A new session with two named researchers, and `sentence` far down its notes marked as a
 * quote – far enough that landing on it later means scrolling to it.
 */
export async function sessionWithHighlight(page: Page, sentence: string): Promise<{ sessionPath: string; highlightId: string }> {
	await nav(page).getByRole('link', { name: 'Fangst' }).click();
	const form = page.getByTestId('session-form');
	await form.getByLabel('Tittel').fill('Samtale etter skolen');
	await form.getByLabel('Forskere (kommaseparert)').fill('Kari Nord, Ola Fjell');
	await form.getByRole('button', { name: 'Start økten' }).click();
	await expect(page).toHaveURL(/\/sessions\/[^/#]+$/);
	const sessionPath = new URL(page.url()).pathname;
	const editor = page.getByRole('textbox', { name: 'Notater fra økta' });
	await editor.click();
	for (let i = 1; i <= 30; i++) {
		await page.keyboard.type(`Linje ${i} i notatet.`);
		await page.keyboard.press('Enter');
	}
	return { sessionPath, highlightId: await typeAndHighlight(page, sentence) };
}

/** Types `sentence` where the cursor is in the open session's notes, marks it as a quote and waits until it is saved. */
export async function typeAndHighlight(page: Page, sentence: string): Promise<string> {
	await page.keyboard.type(sentence);
	await page.keyboard.press('Shift+Home');
	await page.getByTestId('note-highlight').click();
	await page.getByRole('group', { name: 'Lagre markeringen som' }).getByRole('button', { name: 'Sitat' }).click();
	const mark = page.getByRole('textbox', { name: 'Notater fra økta' }).locator('mark[data-highlight-id]', { hasText: sentence });
	await expect(mark).toHaveText(sentence);
	await expect(page.getByTestId('note-status')).toHaveAttribute('data-status', 'saved');
	return (await mark.getAttribute('data-highlight-id'))!;
}

/** Opens an insight's evidence in its session and checks it lands on the highlighted span. */
export async function openEvidenceAtHighlight(page: Page, insight: Locator, text: string, at: { sessionPath: string; highlightId: string }): Promise<void> {
	await insight.getByTestId('insight-evidence').filter({ hasText: text }).getByRole('link', { name: 'Åpne i økta' }).click();
	await expect(page).toHaveURL(new RegExp(`${at.sessionPath}#highlight-${at.highlightId}$`));
	const mark = page.getByRole('textbox', { name: 'Notater fra økta' }).locator(`mark[data-highlight-id="${at.highlightId}"]`);
	await expect(mark).toHaveText(text);
	await expect(page.locator(`[data-revealed="${at.highlightId}"]`)).toHaveCount(1);
	await expect(mark).toBeInViewport();
}
