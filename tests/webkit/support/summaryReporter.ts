import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

/** What one WebKit run amounts to, in numbers `.ci/run` can read. */
export interface WebKitSummary {
	passed: number;
	failed: number;
	/** Set when the suite did not run at all (WebKitWebDriver missing). */
	skipped: boolean;
	/** Errors outside any test (the driver did not start, a file did not load). */
	errors: number;
	status: TestRunEndReason | 'skipped';
}

export function writeSummary(summary: WebKitSummary): void {
	const line = JSON.stringify(summary);
	console.log(`WEBKIT-SUMMARY ${line}`);
	if (process.env.WEBKIT_SUMMARY_FILE) writeFileSync(process.env.WEBKIT_SUMMARY_FILE, line);
}

/** Prints one line `WEBKIT-SUMMARY {json}` at the end and writes it to WEBKIT_SUMMARY_FILE when set. */
export default class SummaryReporter implements Reporter {
	onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>, reason: TestRunEndReason): void {
		let passed = 0;
		let failed = 0;
		let errors = unhandledErrors.length;
		for (const module of testModules) {
			if (module.state() === 'failed' && module.errors().length > 0) errors += 1;
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === 'passed') passed += 1;
				else if (state === 'failed') failed += 1;
			}
		}
		writeSummary({ passed, failed, skipped: false, errors, status: reason });
	}
}
