import { writeFileSync } from 'node:fs';
import type { FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';

/** What one Playwright run amounts to, in numbers a script can read. */
export interface E2ESummary {
	passed: number;
	failed: number;
	flaky: number;
	skipped: number;
	/** Tests that never ran (run interrupted, max failures reached, setup failed). */
	didNotRun: number;
	/** Errors outside any test, e.g. the web server did not start. */
	globalErrors: number;
	status: FullResult['status'];
}

export const SUMMARY_PREFIX = 'E2E-SUMMARY ';

/**
 * Prints one line `E2E-SUMMARY {json}` at the end of the run and, when
 * E2E_SUMMARY_FILE is set, writes the same JSON there. `.ci/run` reads it.
 */
export default class SummaryReporter implements Reporter {
	private suite: Suite | undefined;
	private globalErrors = 0;

	onBegin(_config: unknown, suite: Suite): void {
		this.suite = suite;
	}

	onError(): void {
		this.globalErrors += 1;
	}

	onEnd(result: FullResult): void {
		const summary: E2ESummary = {
			passed: 0,
			failed: 0,
			flaky: 0,
			skipped: 0,
			didNotRun: 0,
			globalErrors: this.globalErrors,
			status: result.status
		};
		const tests: TestCase[] = this.suite?.allTests() ?? [];
		for (const test of tests) {
			if (test.results.length === 0) {
				summary.didNotRun += 1;
				continue;
			}
			switch (test.outcome()) {
				case 'expected':
					summary.passed += 1;
					break;
				case 'unexpected':
					summary.failed += 1;
					break;
				case 'flaky':
					summary.flaky += 1;
					break;
				case 'skipped':
					summary.skipped += 1;
					break;
			}
		}
		const json = JSON.stringify(summary);
		console.log(`${SUMMARY_PREFIX}${json}`);
		const file = process.env.E2E_SUMMARY_FILE;
		if (file) writeFileSync(file, `${json}\n`);
	}

	printsToStdio(): boolean {
		return false;
	}
}
