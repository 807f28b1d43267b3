// Accessibility check for a screen: runs axe-core against WCAG 2.2 A/AA rules and returns
// the violations that block people (impact serious or critical).
//
//   const violations = await seriousViolations(page);
//   expect(violations, formatViolations(violations)).toEqual([]);

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Result } from 'axe-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeOptions {
	/** Only check inside these selectors. */
	include?: string[];
	/** Skip these selectors (e.g. a third-party widget). */
	exclude?: string[];
	/** Rule ids to turn off, each with a reason in the calling test. */
	disableRules?: string[];
}

export async function seriousViolations(page: Page, options: AxeOptions = {}): Promise<Result[]> {
	let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
	for (const selector of options.include ?? []) builder = builder.include(selector);
	for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
	if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
	const results = await builder.analyze();
	return results.violations.filter(
		(violation) => violation.impact === 'serious' || violation.impact === 'critical'
	);
}

/** A readable failure message: rule, impact, help and the first offending nodes. */
export function formatViolations(violations: Result[]): string {
	if (violations.length === 0) return 'no serious or critical axe violations';
	return violations
		.map((violation) => {
			const nodes = violation.nodes
				.slice(0, 5)
				.map((node) => `    ${node.target.join(' ')}`)
				.join('\n');
			return `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.helpUrl}\n${nodes}`;
		})
		.join('\n');
}
