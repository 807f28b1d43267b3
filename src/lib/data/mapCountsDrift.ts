import type { FieldworkDb } from './db';
import { mapCounts, mapGrid } from './mapCounts';

/**
 * Where the kept map counts (mapAggregate.ts) differ from counting the evidence
 * itself (`mapGrid`, the rules every export uses): empty when they agree. For the
 * tests and the convergence fuzz, which check it after every step.
 */
export async function mapCountsDrift(db: FieldworkDb, projectId: string): Promise<string[]> {
	const [kept, counted] = await Promise.all([mapCounts({ db }, projectId), mapGrid({ db }, projectId)]);
	const drift: string[] = [];
	const keys = new Set([...kept.counts.keys(), ...counted.cells.keys()]);
	for (const key of [...keys].sort()) {
		const want = counted.cells.get(key)?.length ?? 0;
		const wantUnknown = counted.unknowns.get(key) ?? 0;
		const have = kept.counts.get(key) ?? 0;
		const haveUnknown = kept.unknowns.get(key) ?? 0;
		if (want !== have || wantUnknown !== haveUnknown) drift.push(`${key}: kept ${have}/${haveUnknown}, counted ${want}/${wantUnknown}`);
	}
	return drift;
}
