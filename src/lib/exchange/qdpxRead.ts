import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseQdc, ExchangeError, type ImportedCode } from './qdc';
import { defaultQdpxLimits, readQdpxArchive, QdpxArchiveError, type QdpxLimits } from './qdpxArchive';
import { codePointLength, sliceCodePoints } from './noteText';

/**
 * A REFI-QDA project (.qdpx) from another tool – or from this app – read into
 * plain data for a preview and an import, and nothing more: no row is written
 * here. The same function runs in the browser and in tests.
 *
 * What is read: users (names), the codebook, text sources with their
 * PlainTextSelections and Codings, pictures and audio (internal files only),
 * cases with their variables, and notes. What is not (video, PDF, external
 * files, codings of whole pictures or recordings, a selection outside its text)
 * is listed in `skipped` with the reason, so the preview can say so.
 */

export type QdpxReadErrorCode = QdpxArchiveError['code'] | 'malformedXml' | 'doctype' | 'notProject' | 'tooManyItems' | 'invalidCodebook';

export class QdpxReadError extends Error {
	constructor(readonly code: QdpxReadErrorCode, message: string) {
		super(message);
		this.name = 'QdpxReadError';
	}
}

export type QdpxSkipReason =
	| 'unsupportedSource'
	| 'externalFile'
	| 'missingFile'
	| 'notUtf8'
	| 'unsupportedMedia'
	| 'outOfRange'
	| 'noCodes'
	| 'mediaCoding'
	| 'tooLong';

export interface QdpxSkip {
	kind: 'source' | 'selection' | 'coding' | 'note';
	name: string;
	reason: QdpxSkipReason;
}

export interface QdpxSelection {
	guid: string;
	/** Code points, 0-based, end exclusive, in the source's text. */
	start: number;
	end: number;
	text: string;
	/** The user's name as the file gives it ('' when the file names nobody). */
	coder: string;
	codeGuids: string[];
	description: string;
	noteGuids: string[];
}

export interface QdpxTextSource {
	kind: 'text';
	guid: string;
	name: string;
	description: string;
	createdAt: string | null;
	text: string;
	selections: QdpxSelection[];
}

export interface QdpxMediaSource {
	kind: 'picture' | 'audio';
	guid: string;
	name: string;
	description: string;
	createdAt: string | null;
	bytes: Uint8Array;
	mime: string;
}

export type QdpxSource = QdpxTextSource | QdpxMediaSource;

export interface QdpxCase {
	guid: string;
	name: string;
	variables: Record<string, string>;
	sourceGuids: string[];
}

export interface QdpxNote {
	guid: string;
	name: string;
	text: string;
	description: string;
	noteRefs: string[];
}

export interface QdpxProject {
	name: string;
	description: string;
	origin: string;
	users: string[];
	codes: ImportedCode[];
	sources: QdpxSource[];
	cases: QdpxCase[];
	notes: QdpxNote[];
	skipped: QdpxSkip[];
}

/** More elements of one kind than a project from a field team can hold: refused rather than read for minutes. */
const maxItems = 200_000;

/** Audio and pictures by their file's extension, as QualCoder decides (helpers.py): the bytes must agree. */
const mediaTypes: Record<string, { kind: 'picture' | 'audio'; mime: string; magic: (b: Uint8Array) => boolean }> = {
	jpg: { kind: 'picture', mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
	jpeg: { kind: 'picture', mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
	png: { kind: 'picture', mime: 'image/png', magic: (b) => b[0] === 0x89 && ascii(b, 1, 'PNG') },
	webp: { kind: 'picture', mime: 'image/webp', magic: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
	m4a: { kind: 'audio', mime: 'audio/mp4', magic: (b) => ascii(b, 4, 'ftyp') },
	mp4: { kind: 'audio', mime: 'audio/mp4', magic: (b) => ascii(b, 4, 'ftyp') },
	mp3: { kind: 'audio', mime: 'audio/mpeg', magic: (b) => ascii(b, 0, 'ID3') || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0) },
	aac: { kind: 'audio', mime: 'audio/aac', magic: (b) => ascii(b, 0, 'ID3') || (b[0] === 0xff && (b[1] & 0xf6) === 0xf0) },
	wav: { kind: 'audio', mime: 'audio/wav', magic: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE') },
	ogg: { kind: 'audio', mime: 'audio/ogg', magic: (b) => ascii(b, 0, 'OggS') },
	webm: { kind: 'audio', mime: 'audio/webm', magic: (b) => b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3 }
};

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
	if (bytes.length < at + text.length) return false;
	for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
	return true;
}

const arrays = new Set([
	'User',
	'Code',
	'Case',
	'TextSource',
	'PictureSource',
	'AudioSource',
	'VideoSource',
	'PDFSource',
	'PlainTextSelection',
	'PictureSelection',
	'AudioSelection',
	'VideoSelection',
	'Coding',
	'NoteRef',
	'Note',
	'SourceRef',
	'SelectionRef',
	'VariableValue',
	'Variable'
]);

type Element = Record<string, unknown>;
const list = (value: unknown): Element[] => (Array.isArray(value) ? (value as Element[]) : []);
const attr = (e: Element, name: string): string => (typeof e[name] === 'string' ? (e[name] as string) : '');
/** An element's text: a bare string, or `#text` when it also has attributes. */
const textOf = (value: unknown): string => {
	if (typeof value === 'string') return value;
	if (value && typeof value === 'object' && typeof (value as Element)['#text'] === 'string') return (value as Element)['#text'] as string;
	return '';
};
const guidOf = (value: string) => value.replace(/[{}]/g, '').trim().toLowerCase();

/** A text file as QualCoder and others write it: UTF-8, maybe with a BOM, maybe with CRLF (its MAXQDA option). */
export function decodeSourceText(bytes: Uint8Array): string | null {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
	// The BOM is no character of the text (Python's utf-8-sig, which QualCoder reads with, drops it too),
	// and positions are counted over LF line ends, as QualCoder stores the text.
	return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** The file a source's `internal://…` path names, or why there is none. */
function internalFile(path: string, files: Map<string, Uint8Array>): Uint8Array | 'externalFile' | 'missingFile' {
	const m = /^internal:\/\/\/?(.+)$/i.exec(path.trim());
	if (!m) return 'externalFile';
	const name = m[1];
	// A path with a folder in it names nothing in `sources/` (and never anything outside it).
	if (name.includes('/') || name.includes('\\')) return 'missingFile';
	return files.get(name) ?? [...files].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? 'missingFile';
}

/** Refuses what is not a plain REFI-QDA XML document before the parser sees it. */
function checkXml(xml: string): void {
	// A DOCTYPE is the door to XXE and to entity expansion ("billion laughs"); REFI-QDA files never have one.
	if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw new QdpxReadError('doctype', 'The project file declares a DOCTYPE or entities.');
	const valid = XMLValidator.validate(xml);
	if (valid !== true) throw new QdpxReadError('malformedXml', `The project file is not well-formed XML (line ${valid.err.line}).`);
}

export function readQdpxProject(bytes: Uint8Array, limits: QdpxLimits = defaultQdpxLimits): QdpxProject {
	let archive;
	try {
		archive = readQdpxArchive(bytes, limits);
	} catch (error) {
		if (error instanceof QdpxArchiveError) throw new QdpxReadError(error.code, error.message);
		throw error;
	}
	const xml = decodeSourceText(archive.qde);
	if (xml === null) throw new QdpxReadError('malformedXml', 'The project file is not UTF-8.');
	return readQde(xml, archive.sources);
}

/** The project from its XML and the files of its `sources/` folder. */
export function readQde(xml: string, files: Map<string, Uint8Array>): QdpxProject {
	checkXml(xml);
	let count = 0;
	const parser = new XMLParser({
		ignoreAttributes: false,
		attributeNamePrefix: '',
		removeNSPrefix: true,
		parseAttributeValue: false,
		parseTagValue: false,
		trimValues: true,
		processEntities: true,
		htmlEntities: false,
		isArray: (name) => {
			if (++count > maxItems) throw new QdpxReadError('tooManyItems', 'The project file has more elements than an import reads.');
			return arrays.has(name);
		}
	});
	let doc: Element;
	try {
		doc = parser.parse(xml) as Element;
	} catch (error) {
		if (error instanceof QdpxReadError) throw error;
		throw new QdpxReadError('malformedXml', 'The project file cannot be read as XML.');
	}
	const project = doc.Project as Element | undefined;
	if (!project || typeof project !== 'object') throw new QdpxReadError('notProject', 'The file has no REFI-QDA Project.');

	const users = new Map<string, string>();
	for (const u of list((project.Users as Element | undefined)?.User)) users.set(guidOf(attr(u, 'guid')), attr(u, 'name').trim());
	const userName = (guid: string) => users.get(guidOf(guid)) ?? '';

	let codes: ImportedCode[] = [];
	const book = project.CodeBook as Element | undefined;
	if (list((book?.Codes as Element | undefined)?.Code).length > 0) {
		try {
			codes = parseQdc(xml);
		} catch (error) {
			if (error instanceof ExchangeError) throw new QdpxReadError('invalidCodebook', error.message);
			throw error;
		}
	}
	const codeGuids = new Set<string>();
	const collect = (nodes: ImportedCode[]) => nodes.forEach((n) => (codeGuids.add(n.guid), collect(n.children)));
	collect(codes);

	const skipped: QdpxSkip[] = [];
	const sources: QdpxSource[] = [];
	const sourcesEl = (project.Sources as Element | undefined) ?? {};
	for (const s of list(sourcesEl.TextSource)) {
		const name = attr(s, 'name') || attr(s, 'guid');
		const file = internalFile(attr(s, 'plainTextPath'), files);
		if (typeof file === 'string') {
			skipped.push({ kind: 'source', name, reason: file });
			continue;
		}
		const text = decodeSourceText(file);
		if (text === null) {
			skipped.push({ kind: 'source', name, reason: 'notUtf8' });
			continue;
		}
		const length = codePointLength(text);
		const selections: QdpxSelection[] = [];
		for (const sel of list(s.PlainTextSelection)) {
			const start = Number(attr(sel, 'startPosition'));
			const end = Number(attr(sel, 'endPosition'));
			const label = attr(sel, 'name') || `${name} ${start}–${end}`;
			if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > length) {
				skipped.push({ kind: 'selection', name: label, reason: 'outOfRange' });
				continue;
			}
			const codings = list(sel.Coding);
			const refs = codings.map((c) => guidOf(attr((c.CodeRef as Element | undefined) ?? {}, 'targetGUID')));
			const known = refs.filter((g) => codeGuids.has(g));
			const noteGuids = list(sel.NoteRef).map((n) => guidOf(attr(n, 'targetGUID')));
			const description = textOf(sel.Description).trim();
			if (known.length === 0 && noteGuids.length === 0 && !description) {
				// A selection with neither code, note nor memo says nothing an import could keep.
				skipped.push({ kind: 'selection', name: label, reason: 'noCodes' });
				continue;
			}
			// QualCoder takes a selection's Codings as its creator's; a Coding naming someone else is that person's.
			const coder = userName(attr(sel, 'creatingUser')) || userName(attr(codings[0] ?? {}, 'creatingUser'));
			selections.push({ guid: guidOf(attr(sel, 'guid')), start, end, text: sliceCodePoints(text, start, end), coder, codeGuids: [...new Set(known)], description, noteGuids });
		}
		sources.push({ kind: 'text', guid: guidOf(attr(s, 'guid')), name, description: textOf(s.Description).trim(), createdAt: attr(s, 'creationDateTime') || null, text, selections });
	}
	for (const [tag, kind] of [
		['PictureSource', 'picture'],
		['AudioSource', 'audio']
	] as const) {
		for (const s of list(sourcesEl[tag])) {
			const name = attr(s, 'name') || attr(s, 'guid');
			const path = attr(s, 'path');
			const file = internalFile(path, files);
			if (typeof file === 'string') {
				skipped.push({ kind: 'source', name, reason: file });
				continue;
			}
			const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
			const type = mediaTypes[extension];
			if (!type || type.kind !== kind || !type.magic(file)) {
				skipped.push({ kind: 'source', name, reason: 'unsupportedMedia' });
				continue;
			}
			sources.push({ kind, guid: guidOf(attr(s, 'guid')), name, description: textOf(s.Description).trim(), createdAt: attr(s, 'creationDateTime') || null, bytes: file, mime: type.mime });
			const regions = list(s.PictureSelection).length + list(s.AudioSelection).length + list(s.Coding).length;
			if (regions > 0) skipped.push({ kind: 'coding', name, reason: 'mediaCoding' });
		}
	}
	for (const tag of ['VideoSource', 'PDFSource']) for (const s of list(sourcesEl[tag])) skipped.push({ kind: 'source', name: attr(s, 'name') || attr(s, 'guid'), reason: 'unsupportedSource' });

	const variableNames = new Map<string, string>();
	for (const v of list((project.Variables as Element | undefined)?.Variable)) variableNames.set(guidOf(attr(v, 'guid')), attr(v, 'name').trim());
	const cases: QdpxCase[] = list((project.Cases as Element | undefined)?.Case).map((c) => {
		const variables: Record<string, string> = {};
		for (const vv of list(c.VariableValue)) {
			const name = variableNames.get(guidOf(attr((vv.VariableRef as Element | undefined) ?? {}, 'targetGUID')));
			const value = ['TextValue', 'IntegerValue', 'FloatValue', 'BooleanValue', 'DateValue', 'DateTimeValue'].map((k) => textOf(vv[k])).find((x) => x !== '');
			if (name && value !== undefined) variables[name] = value;
		}
		return { guid: guidOf(attr(c, 'guid')), name: attr(c, 'name').trim(), variables, sourceGuids: list(c.SourceRef).map((r) => guidOf(attr(r, 'targetGUID'))) };
	});

	const notes: QdpxNote[] = [];
	for (const n of list((project.Notes as Element | undefined)?.Note)) {
		const name = attr(n, 'name') || attr(n, 'guid');
		// QualCoder writes a Note's text only to its file; this app writes both; some tools only the element.
		const path = attr(n, 'plainTextPath');
		const file = path ? internalFile(path, files) : null;
		const fromFile = file instanceof Uint8Array ? decodeSourceText(file) : null;
		const text = (fromFile ?? textOf(n.PlainTextContent)).trim();
		if (!text) {
			skipped.push({ kind: 'note', name, reason: file === null || file instanceof Uint8Array ? 'noCodes' : file });
			continue;
		}
		notes.push({ guid: guidOf(attr(n, 'guid')), name, text, description: textOf(n.Description).trim(), noteRefs: list(n.NoteRef).map((r) => guidOf(attr(r, 'targetGUID'))) });
	}

	return {
		// QualCoder names a project after its file ("Fritid.qda"): the extension is no part of the name.
		name: attr(project, 'name').trim().replace(/\.qda$/i, ''),
		description: textOf(project.Description).trim(),
		origin: attr(project, 'origin').trim(),
		users: [...new Set(users.values())].filter(Boolean),
		codes,
		sources,
		cases,
		notes,
		skipped
	};
}

/** The counts a preview shows before anything is written. */
export interface QdpxPreview {
	name: string;
	origin: string;
	textSources: number;
	pictures: number;
	recordings: number;
	codes: number;
	selections: number;
	cases: number;
	notes: number;
	coders: string[];
	skipped: QdpxSkip[];
}

export function previewQdpx(p: QdpxProject): QdpxPreview {
	let codes = 0;
	const count = (nodes: ImportedCode[]) => nodes.forEach((n) => (codes++, count(n.children)));
	count(p.codes);
	const text = p.sources.filter((s): s is QdpxTextSource => s.kind === 'text');
	return {
		name: p.name,
		origin: p.origin,
		textSources: text.length,
		pictures: p.sources.filter((s) => s.kind === 'picture').length,
		recordings: p.sources.filter((s) => s.kind === 'audio').length,
		codes,
		selections: text.reduce((n, s) => n + s.selections.length, 0),
		cases: p.cases.length,
		notes: p.notes.length,
		coders: [...new Set(text.flatMap((s) => s.selections.map((x) => x.coder)).filter(Boolean))].sort(),
		skipped: p.skipped
	};
}
