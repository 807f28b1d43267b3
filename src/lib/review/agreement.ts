/**
 * Intercoder agreement: how often two researchers applied the same codes to
 * the same highlights, as percent agreement and Cohen's kappa, per code.
 */

/** A 2×2 table of two coders' yes/no decisions on one code. */
export interface AgreementTable {
	/** Both applied the code. */
	both: number;
	/** Only coder A applied it. */
	onlyA: number;
	/** Only coder B applied it. */
	onlyB: number;
	/** Neither applied it. */
	neither: number;
}

export function tableTotal(t: AgreementTable): number {
	return t.both + t.onlyA + t.onlyB + t.neither;
}

/** Share of units on which the two coders made the same decision (0–1), or null with no units. */
export function percentAgreement(t: AgreementTable): number | null {
	const n = tableTotal(t);
	return n === 0 ? null : (t.both + t.neither) / n;
}

/**
 * Cohen's kappa: agreement beyond what the coders' own rates would give by
 * chance, κ = (pₒ − pₑ) / (1 − pₑ). Null when it is undefined: no units, or
 * both coders made one and the same decision on every unit (pₑ = 1).
 */
export function cohensKappa(t: AgreementTable): number | null {
	const n = tableTotal(t);
	if (n === 0) return null;
	const po = (t.both + t.neither) / n;
	const aYes = (t.both + t.onlyA) / n;
	const bYes = (t.both + t.onlyB) / n;
	const pe = aYes * bYes + (1 - aYes) * (1 - bYes);
	if (pe >= 1) return null;
	return (po - pe) / (1 - pe);
}

/** One researcher's code on one unit (a highlight's entry). */
export interface Coding {
	targetId: string;
	codeId: string;
	coder: string;
}

export interface CodeAgreement {
	codeId: string;
	table: AgreementTable;
	percent: number | null;
	kappa: number | null;
	/** Units where exactly one of the two applied the code. */
	disagreements: { targetId: string; appliedBy: string }[];
}

export interface IntercoderResult {
	/** Units both coders coded: the only ones where their decisions can be compared. */
	targetIds: string[];
	codes: CodeAgreement[];
}

/**
 * Compares coders `a` and `b` on every unit both of them coded (applied at least
 * one code to). For each code either of them used there, a 2×2 table of their
 * decisions, its percent agreement and kappa, and the units they disagree on.
 * Codes come out in the order of `codeOrder` (unknown ones last, by id).
 */
export function intercoder(codings: readonly Coding[], a: string, b: string, codeOrder: readonly string[] = []): IntercoderResult {
	const byCoder = (coder: string) => {
		const map = new Map<string, Set<string>>();
		for (const c of codings) {
			if (c.coder !== coder) continue;
			let set = map.get(c.targetId);
			if (!set) map.set(c.targetId, (set = new Set()));
			set.add(c.codeId);
		}
		return map;
	};
	const ofA = byCoder(a);
	const ofB = byCoder(b);
	const targetIds = [...ofA.keys()].filter((t) => ofB.has(t)).sort();
	const codeIds = new Set<string>();
	for (const t of targetIds) for (const c of [...ofA.get(t)!, ...ofB.get(t)!]) codeIds.add(c);
	const rank = new Map(codeOrder.map((id, i) => [id, i]));
	const ordered = [...codeIds].sort((x, y) => (rank.get(x) ?? Infinity) - (rank.get(y) ?? Infinity) || x.localeCompare(y));
	const codes = ordered.map((codeId): CodeAgreement => {
		const table: AgreementTable = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
		const disagreements: CodeAgreement['disagreements'] = [];
		for (const t of targetIds) {
			const inA = ofA.get(t)!.has(codeId);
			const inB = ofB.get(t)!.has(codeId);
			if (inA && inB) table.both++;
			else if (inA) {
				table.onlyA++;
				disagreements.push({ targetId: t, appliedBy: a });
			} else if (inB) {
				table.onlyB++;
				disagreements.push({ targetId: t, appliedBy: b });
			} else table.neither++;
		}
		return { codeId, table, percent: percentAgreement(table), kappa: cohensKappa(table), disagreements };
	});
	return { targetIds, codes };
}

/** The researchers who coded anything, most codings first. */
export function coders(codings: readonly Coding[]): string[] {
	const counts = new Map<string, number>();
	for (const c of codings) counts.set(c.coder, (counts.get(c.coder) ?? 0) + 1);
	return [...counts.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([coder]) => coder);
}
