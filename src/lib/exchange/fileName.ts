/** A file name from the project's name: plain letters, so it survives every file system and mail client. */
export function exportFileName(projectName: string, extension: string): string {
	const base = projectName
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[æÆ]/g, 'ae')
		.replace(/[øØ]/g, 'o')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.toLowerCase()
		.slice(0, 60);
	return `${base || 'feltinnsikt'}.${extension}`;
}

/** A report's file name: a board's report is named after the board too, so it never overwrites the project's. */
export function reportFileName(projectName: string, extension: string, boardName?: string): string {
	return exportFileName(boardName ? `${projectName} ${boardName}` : projectName, extension);
}

// Characters Windows refuses in a file name (and `/`, which every system reads as a folder), plus control characters.
// eslint-disable-next-line no-control-regex
const illegalInFileName = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
// Names Windows keeps for devices, with or without an extension (CON, CON.txt, COM1.jpg …).
const reservedOnWindows = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/**
 * A name a QDA tool may use as a file name as it is: QualCoder copies a
 * picture to `images/‹name›` and a text to `documents/‹name›.txt`, so `/`
 * would make a folder and `:` fails on Windows. Letters of every language
 * stay (Windows and macOS store æøå and emoji); what Windows refuses becomes
 * a space or a dash, trailing dots and spaces go, a reserved device name gets
 * an underscore, and the length stays well under the 255 a file system allows.
 */
export function safeFileStem(name: string, maxLength = 100): string {
	let stem = name
		.normalize('NFC')
		.replace(/\s*:\s*/g, ' - ')
		.replace(illegalInFileName, '-')
		.replace(/\s+/g, ' ')
		.replace(/-(\s*-)+/g, '-')
		.trim();
	// Cut by code points so an emoji is never split in half.
	const chars = Array.from(stem);
	if (chars.length > maxLength) stem = chars.slice(0, maxLength).join('').trim();
	stem = stem.replace(/[. ]+$/, '');
	if (!stem) stem = 'feltinnsikt';
	if (reservedOnWindows.test(stem)) stem = `_${stem}`;
	return stem;
}

/** Whether Windows accepts `name` as a file name (the check the tests hold every exported name to). */
export function isWindowsSafeFileName(name: string): boolean {
	return name.length > 0 && !new RegExp(illegalInFileName.source).test(name) && !/[. ]$/.test(name) && !reservedOnWindows.test(name);
}

/**
 * Gives out names that are unique ignoring case (SQLite compares exactly, NVivo and
 * Windows do not): the first "X" stays "X", the next is "X (2)", then "X (3)".
 * `format` puts the number where it belongs (before an extension, for a file).
 */
export class UniqueNames {
	private readonly taken = new Set<string>();

	/** Marks a name as used without giving it out (a name a consumer will make itself). */
	reserve(name: string): void {
		this.taken.add(name.toLocaleLowerCase('nb'));
	}

	has(name: string): boolean {
		return this.taken.has(name.toLocaleLowerCase('nb'));
	}

	next(base: string, format: (base: string, suffix: string) => string = (b, s) => b + s): string {
		let name = format(base, '');
		for (let n = 2; this.has(name); n++) name = format(base, ` (${n})`);
		this.reserve(name);
		return name;
	}
}
