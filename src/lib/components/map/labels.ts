/**
 * SVG text does not wrap, so the map breaks its labels into lines itself: at spaces where it
 * can, a word longer than a line split with a hyphen. Nothing is cut off – a name that needs
 * more lines than there is room for keeps them all (the row or header is sized for them), and
 * the full name is always in the cell's title and in the evidence panel's heading.
 */
export function wrapLabel(name: string, perLine: number): string[] {
	const width = Math.max(4, perLine);
	const lines: string[] = [];
	let line = '';
	for (let word of name.trim().split(/\s+/).filter(Boolean)) {
		while (word.length > width) {
			if (line) {
				lines.push(line);
				line = '';
			}
			// Leave at least three letters for the next line ("Ungdomsskole-n" reads worse than "Ungdomssko-len").
			const cut = Math.min(width - 1, word.length - 3);
			lines.push(`${word.slice(0, cut)}-`);
			word = word.slice(cut);
		}
		if (!line) line = word;
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	return lines;
}

/** Roughly how many letters of a font size fit in a width (an average Latin letter ≈ 0.52 em, bold ≈ 0.56 em). */
export function lettersIn(width: number, fontSize: number, bold = false): number {
	return Math.floor(width / (fontSize * (bold ? 0.56 : 0.52)));
}
