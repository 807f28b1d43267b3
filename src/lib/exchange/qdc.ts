import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { Code } from '$lib/domain/code';
import { rowGuid } from './guid';
import { live } from './snapshot';
import { el, textEl, xmlDeclaration } from './xml';
import { validRows } from '$lib/data/wholeRows';

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

/** Live codes as a tree; a code whose parent is gone sits at the top. */
export function codeTree(codes: readonly Code[]): CodeNode[] {
	const rows = live(codes).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
	const ids = new Set(rows.map((c) => c.id));
	const build = (parentId: string | null, path: Set<string>): CodeNode[] =>
		rows
			.filter((c) => (parentId === null ? c.parentId === null || !ids.has(c.parentId) : c.parentId === parentId))
			// A cycle (two offline edits each moving a code under the other) must not recurse forever.
			.filter((c) => !path.has(c.id))
			.map((c) => ({ code: c, codable: true, children: build(c.id, new Set([...path, c.id])) }));
	return build(null, new Set());
}

/** `<Code>` elements of a tree; the same shape in a project file and a codebook file. */
export function codeElements(nodes: readonly CodeNode[], guidOf: (id: string) => string = (id) => rowGuid('code', id)): string {
	return nodes
		.map((n) =>
			el('Code', { guid: guidOf(n.code.id), name: n.code.name, isCodable: n.codable, color: n.code.colour }, [
				textEl('Description', n.code.description),
				codeElements(n.children, guidOf)
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
	name: string;
	colour: string | null;
	description: string;
	children: ImportedCode[];
}

const guidSchema = z
	.string()
	.trim()
	.regex(/^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/)
	.transform((g) => g.replace(/[{}]/g, '').toLowerCase());
const colourSchema = z
	.string()
	.trim()
	.regex(/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/)
	.transform((c) => (c.length === 4 ? `#${c[1]}${c[1]}${c[2]}${c[2]}${c[3]}${c[3]}`.toLowerCase() : c));

/** What the XML parser gives for one `<Code>`: attributes as strings, children as arrays. */
const rawCode: z.ZodType<{ guid: string; name: string; color?: string; Description?: unknown; Code?: unknown[] }> = z.object({
	guid: z.string(),
	name: z.string(),
	color: z.string().optional(),
	Description: z.unknown().optional(),
	Code: z.array(z.unknown()).optional()
});

function toImported(value: unknown, depth: number): ImportedCode {
	if (depth > 50) throw new ExchangeError('invalidCodebook', 'Codes are nested too deep.');
	const raw = rawCode.safeParse(value);
	if (!raw.success) throw new ExchangeError('invalidCodebook', 'A code lacks its guid or name.');
	const guid = guidSchema.safeParse(raw.data.guid);
	const name = z.string().trim().min(1).max(200).safeParse(raw.data.name);
	if (!guid.success || !name.success) throw new ExchangeError('invalidCodebook', `Code "${raw.data.name}" has an invalid guid or name.`);
	const colour = raw.data.color === undefined ? null : colourSchema.safeParse(raw.data.color);
	if (colour && !colour.success) throw new ExchangeError('invalidCodebook', `Code "${name.data}" has an invalid colour.`);
	const description = typeof raw.data.Description === 'string' ? raw.data.Description.trim().slice(0, 4000) : '';
	return {
		guid: guid.data,
		name: name.data,
		colour: colour ? colour.data : null,
		description,
		children: (raw.data.Code ?? []).map((c) => toImported(c, depth + 1))
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
	const roots = codes.map((c) => toImported(c, 0));
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
