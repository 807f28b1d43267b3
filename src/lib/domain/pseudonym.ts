/** The next pseudonym code in a project: P-001, P-002, … (wider when a project passes 999). */
export function pseudonymCode(counter: number, prefix = 'P'): string {
	return `${prefix}-${String(counter).padStart(3, '0')}`;
}

/**
 * The smallest counter above every code already used, so a code freed by a
 * deletion is never handed out again (old notes may still mention it).
 */
export function nextPseudonymCounter(existingCodes: readonly string[], storedCounter: number, prefix = 'P'): number {
	const pattern = new RegExp(`^${prefix}-(\\d+)$`);
	const highest = existingCodes.reduce((max, code) => {
		const m = pattern.exec(code);
		return m ? Math.max(max, Number(m[1])) : max;
	}, 0);
	return Math.max(highest, storedCounter) + 1;
}

/**
 * A code field holding "Kari Nordmann" is almost certainly a real name. Two or
 * more capitalised words, letters only (æøå included), no digits: warn.
 */
export function looksLikeRealName(code: string): boolean {
	const words = code.trim().split(/\s+/);
	if (words.length < 2) return false;
	return words.every((w) => /^\p{Lu}\p{Ll}+(?:[-']\p{Lu}?\p{Ll}+)*$/u.test(w));
}

/** Pseudonym codes compare without case or surrounding space: "p-001" and "P-001 " are one participant's code. */
export function sameCode(a: string, b: string): boolean {
	return a.trim().toLocaleLowerCase('nb') === b.trim().toLocaleLowerCase('nb');
}
