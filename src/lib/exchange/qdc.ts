import { strFromU8, unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { Code } from '$lib/domain/code';
import { rowGuid } from './guid';
import { live } from './snapshot';
import { el, textEl, xmlDeclaration } from './xml';
import { UniqueNames } from './fileName';
import { validRows } from '$lib/domain/wholeRows';

/**
 * The REFI-QDA codebook (.qdc): the project's own codes – names, hierarchy,
 * colours, descriptions – for moving a codebook between projects and QDA
 * tools. The system map and the life line are not in it: they are the
 * project's structure, exported with the whole project (.qdpx).
 */

export class ExchangeError extends Error {
	constructor(
		readonly code: 'emptyCodebook' | 'invalidCodebook' | 'invalidBackup' | 'backupVersion' | 'backupDamaged',
		message: string
	) {
		super(message);
		this.name = 'ExchangeError';
	}
}

export interface CodeNode {
	code: Pick<Code, 'id' | 'name' | 'colour' | 'description'>;
	codable: boolean;
	children: CodeNode[];
}

/** Between a parent's name and its child's where a name alone is not unique: "Hemmere › Strukturer". */
export const qualifierSeparator = ' › ';

/**
 * The name each code carries in an exported file, unique in the whole file.
 * QualCoder keeps code names unique (`code_name.name`): a second "Strukturer"
 * is refused and every coding to it lost, and NVivo and MAXQDA merge or drop
 * such codes too. A name that repeats is qualified by its parent's name, then
 * by the grandparent's, until it is unique ("Hemmere › Strukturer"); names are
 * compared ignoring case. Two codes with the same name under the same parent
 * get a number as the last resort.
 */
export function qualifiedNames(roots: readonly CodeNode[]): Map<CodeNode, string> {
	const all: { node: CodeNode; ancestors: string[]; depth: number; name: string }[] = [];
	const walk = (nodes: readonly CodeNode[], ancestors: string[]) => {
		for (const node of nodes) {
			all.push({ node, ancestors, depth: 0, name: node.code.name });
			walk(node.children, [...ancestors, node.code.name]);
		}
	};
	walk(roots, []);
	const key = (name: string) => name.toLocaleLowerCase('nb');
	for (let changed = true; changed; ) {
		changed = false;
		const count = new Map<string, number>();
		for (const a of all) count.set(key(a.name), (count.get(key(a.name)) ?? 0) + 1);
		for (const a of all) {
			if ((count.get(key(a.name)) ?? 0) < 2 || a.depth >= a.ancestors.length) continue;
			a.depth++;
			a.name = [...a.ancestors.slice(-a.depth), a.node.code.name].join(qualifierSeparator);
			changed = true;
		}
	}
	const unique = new UniqueNames();
	return new Map(all.map((a) => [a.node, unique.next(a.name)]));
}

/** Live codes as a tree; a code whose parent is gone sits at the top. */
export function codeTree(codes: readonly Code[]): CodeNode[] {
	const rows = live(codes).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
	const ids = new Set(rows.map((c) => c.id));
	const build = (parentId: string | null, path: Set<string>): CodeNode[] =>
		rows
			.filter((c) => (parentId === null ? c.parentId === null || !ids.has(c.parentId) : c.parentId === parentId))
			// A cycle (two offline edits each moving a code under the other) must not recurse forever.
			.filter((c) => !path.has(c.id))
			// A code group (a category from another tool) orders codes but is not applied itself.
			.map((c) => ({ code: c, codable: c.codable !== false, children: build(c.id, new Set([...path, c.id])) }));
	return build(null, new Set());
}

/** `<Code>` elements of a tree; the same shape in a project file and a codebook file. */
export function codeElements(
	nodes: readonly CodeNode[],
	guidOf: (id: string) => string = (id) => rowGuid('code', id),
	names: ReadonlyMap<CodeNode, string> = qualifiedNames(nodes)
): string {
	return nodes
		.map((n) =>
			el('Code', { guid: guidOf(n.code.id), name: names.get(n) ?? n.code.name, isCodable: n.codable, color: n.code.colour }, [
				textEl('Description', n.code.description),
				codeElements(n.children, guidOf, names)
			])
		)
		.join('');
}

export function exportQdc(codes: readonly Code[]): string {
	// A partial code row (its creation never arrived) is left out, not exported half.
	const tree = codeTree(validRows('codes', codes));
	if (tree.length === 0) throw new ExchangeError('emptyCodebook', 'The project has no codes to export.');
	return `${xmlDeclaration}${el('CodeBook', { xmlns: 'urn:QDA-XML:codebook:1.0', origin: 'Feltinnsikt' }, [el('Codes', {}, [codeElements(tree)])])}\n`;
}

// ——— import ———

export interface ImportedCode {
	guid: string;
	/** The code's own name: a qualifier this app (or a tool before it) put in front is taken off again. */
	name: string;
	colour: string | null;
	description: string;
	/** False for a category (`isCodable="false"`): it groups codes but is not applied to evidence. */
	codable: boolean;
	children: ImportedCode[];
}

const guidSchema = z
	.string()
	.trim()
	.regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/)
	.transform((g) => g.replace(/[{}]/g, '').toLowerCase());

/**
 * A colour as the project stores it (`#rrggbb`). REFI-QDA's `color` is `#rrggbb`, but
 * tools write `#rgb` and `#rrggbbaa` (ATLAS.ti, QualCoder round trips): the alpha is
 * dropped, since a code's colour is drawn opaque here. Anything else is not a colour:
 * the code gets the default colour rather than the whole file being refused over it.
 */
export function importedColour(value: string | undefined): string | null {
	const c = value?.trim();
	if (!c) return null;
	const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])[0-9a-f]?$/i.exec(c);
	if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
	const long = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/i.exec(c);
	return long ? `#${long[1]}` : null;
}

/** What the XML parser gives for one `<Code>`: attributes as strings, children as arrays. */
const rawCode: z.ZodType<{ guid: string; name: string; color?: string; isCodable?: string; Description?: unknown; Code?: unknown[] }> = z.object({
	guid: z.string(),
	name: z.string(),
	color: z.string().optional(),
	isCodable: z.string().optional(),
	Description: z.unknown().optional(),
	Code: z.array(z.unknown()).optional()
});

/** "Hemmere › Strukturer" under "Hemmere" is "Strukturer": the qualifier an export added to keep names unique. */
function unqualified(name: string, ancestors: readonly string[]): string {
	const parts = name.split(qualifierSeparator);
	if (parts.length < 2) return name;
	const prefix = parts.slice(0, -1);
	const tail = ancestors.slice(-prefix.length);
	return prefix.length <= ancestors.length && prefix.every((p, i) => p.toLocaleLowerCase('nb') === tail[i].toLocaleLowerCase('nb')) ? parts.at(-1)! : name;
}

function toImported(value: unknown, ancestors: readonly string[]): ImportedCode {
	if (ancestors.length > 50) throw new ExchangeError('invalidCodebook', 'Codes are nested too deep.');
	const raw = rawCode.safeParse(value);
	if (!raw.success) throw new ExchangeError('invalidCodebook', 'A code lacks its guid or name.');
	const guid = guidSchema.safeParse(raw.data.guid);
	const name = z.string().trim().min(1).max(200).safeParse(raw.data.name);
	if (!guid.success || !name.success) throw new ExchangeError('invalidCodebook', `Code "${raw.data.name}" has an invalid guid or name.`);
	const own = unqualified(name.data, ancestors);
	const description = typeof raw.data.Description === 'string' ? raw.data.Description.trim().slice(0, 4000) : '';
	return {
		guid: guid.data,
		name: own,
		colour: importedColour(raw.data.color),
		description,
		// REFI-QDA: isCodable is required and true unless it says "false" (QualCoder reads it the same way).
		codable: raw.data.isCodable?.trim().toLowerCase() !== 'false',
		children: (raw.data.Code ?? []).map((c) => toImported(c, [...ancestors, own]))
	};
}

/** Reads a .qdc file (or the CodeBook of a project.qde); refuses anything that is not a codebook. */
export function parseQdc(xml: string): ImportedCode[] {
	const parser = new XMLParser({
		ignoreAttributes: false,
		attributeNamePrefix: '',
		removeNSPrefix: true,
		parseAttributeValue: false,
		parseTagValue: false,
		trimValues: true,
		isArray: (name) => name === 'Code',
		processEntities: true
	});
	let doc: Record<string, unknown>;
	try {
		doc = parser.parse(xml, true) as Record<string, unknown>;
	} catch {
		throw new ExchangeError('invalidCodebook', 'The file is not well-formed XML.');
	}
	const project = doc.Project as Record<string, unknown> | undefined;
	const book = (doc.CodeBook ?? project?.CodeBook) as { Codes?: { Code?: unknown[] } } | undefined;
	const codes = book?.Codes?.Code;
	if (!Array.isArray(codes) || codes.length === 0) throw new ExchangeError('invalidCodebook', 'The file has no CodeBook with codes.');
	const roots = codes.map((c) => toImported(c, []));
	const seen = new Set<string>();
	const check = (nodes: ImportedCode[]) => {
		for (const n of nodes) {
			if (seen.has(n.guid)) throw new ExchangeError('invalidCodebook', `The guid ${n.guid} is used twice.`);
			seen.add(n.guid);
			check(n.children);
		}
	};
	check(roots);
	return roots;
}

/** Largest project.qde read out of a .qdpx for its codebook: a project's XML, not its media. */
const maxQdeBytes = 32 * 1024 * 1024;

/**
 * A codebook from a file of any of the three kinds a QDA tool writes: a .qdc,
 * a project's .qde, or a whole .qdpx (a zip; only its project.qde is read –
 * the sources are never unpacked, and a .qde that claims to be larger than
 * a project's XML is refused before it is inflated).
 */
export function readCodebookFile(fileName: string, bytes: Uint8Array): ImportedCode[] {
	const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
	if (!zip) return parseQdc(strFromU8(bytes));
	if (!/\.qdpx$/i.test(fileName) && !/\.zip$/i.test(fileName)) throw new ExchangeError('invalidCodebook', 'A zip that is not a .qdpx.');
	let tooLarge = false;
	let files: Record<string, Uint8Array>;
	try {
		files = unzipSync(bytes, {
			filter: (f) => {
				if (!/(^|\/)[^/]+\.qde$/i.test(f.name)) return false;
				if (f.originalSize > maxQdeBytes) tooLarge = true;
				return !tooLarge;
			}
		});
	} catch {
		throw new ExchangeError('invalidCodebook', 'The .qdpx is not a readable zip.');
	}
	if (tooLarge) throw new ExchangeError('invalidCodebook', 'The project.qde is larger than a project file can be.');
	const name = Object.keys(files).sort((a, b) => Number(b.endsWith('project.qde')) - Number(a.endsWith('project.qde')))[0];
	if (!name) throw new ExchangeError('invalidCodebook', 'The .qdpx has no project.qde.');
	return parseQdc(strFromU8(files[name]));
}
