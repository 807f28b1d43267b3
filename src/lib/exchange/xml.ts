/**
 * A small XML writer for the REFI-QDA documents: elements are built as nested
 * arrays of strings and joined once, which is fast enough for 20k selections
 * and keeps escaping in one place.
 */
export type XmlAttrs = Record<string, string | number | boolean | null | undefined>;

// Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR; lone surrogates are
// left to the encoder). A note pasted from elsewhere may hold them; they must not make the file invalid.
// eslint-disable-next-line no-control-regex
const invalidXmlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeText(text: string): string {
	return text.replace(invalidXmlChars, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(text: string): string {
	// Line breaks and tabs in attributes are normalised away by parsers unless escaped.
	return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function attrs(a: XmlAttrs): string {
	let out = '';
	for (const [k, v] of Object.entries(a)) {
		if (v === null || v === undefined) continue;
		out += ` ${k}="${escapeAttr(String(v))}"`;
	}
	return out;
}

/** `<name attrs>children</name>`, or self-closing without children. */
export function el(name: string, a: XmlAttrs = {}, children: readonly string[] = []): string {
	const kids = children.filter((c) => c !== '');
	return kids.length ? `<${name}${attrs(a)}>${kids.join('')}</${name}>` : `<${name}${attrs(a)}/>`;
}

/** An element holding text only (empty text gives nothing, since every such element here is optional). */
export function textEl(name: string, text: string): string {
	return text ? `<${name}>${escapeText(text)}</${name}>` : '';
}

export const xmlDeclaration = '<?xml version="1.0" encoding="utf-8"?>\n';

/** xsd:dateTime from an ISO string (or undefined when it is not one). */
export function xsdDateTime(iso: string | null | undefined): string | undefined {
	if (!iso) return undefined;
	const d = new Date(iso);
	return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
