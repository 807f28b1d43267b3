import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { defaultQdpxLimits, isSafeEntryName } from '../qdpxArchive';
import { QdpxReadError, readQdpxProject } from '../qdpxRead';

const qde = (body = '') => `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="P" origin="Test">${body}</Project>`;
const zip = (files: Record<string, string | Uint8Array>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])));

/** The refusal's code, or 'accepted'. */
function refusal(bytes: Uint8Array, limits = defaultQdpxLimits): string {
	try {
		readQdpxProject(bytes, limits);
		return 'accepted';
	} catch (error) {
		if (error instanceof QdpxReadError) return error.code;
		throw error;
	}
}

describe('.qdpx import refuses hostile files before anything is written', () => {
	it('refuses entry names that could leave the archive', () => {
		for (const name of ['../evil.txt', 'sources/../../evil.txt', '/etc/passwd', 'C:/Windows/win.ini', 'sources\\..\\x.txt', 'sources/./x.txt', 'a//b', 'sources/x\u0000.txt'])
			expect([name, isSafeEntryName(name)]).toEqual([name, false]);
		for (const name of ['project.qde', 'sources/', 'sources/3f2a.txt', 'Sources/Bilde 1.png']) expect(isSafeEntryName(name)).toBe(true);
		expect(refusal(zip({ 'project.qde': qde(), '../../evil.sh': 'rm -rf ~' }))).toBe('unsafePath');
		expect(refusal(zip({ 'project.qde': qde(), '/tmp/evil': 'x' }))).toBe('unsafePath');
	});

	it('stops a zip bomb at the limit, counting what is inflated (not what the headers say)', () => {
		const zeros = new Uint8Array(3 * 1024 * 1024);
		const bomb = zip({ 'project.qde': qde(), 'sources/a.txt': zeros });
		expect(bomb.length).toBeLessThan(64 * 1024);
		expect(refusal(bomb, { ...defaultQdpxLimits, sourceBytes: 1024 * 1024 })).toBe('zipBomb');
		// The same bomb with headers that claim 10 bytes (local header and central directory alike).
		const lying = bomb.slice();
		const name = strToU8('sources/a.txt');
		for (let i = 0; i < lying.length - name.length; i++) {
			if (!name.every((b, j) => lying[i + j] === b)) continue;
			const at = lying[i - 30] === 0x50 && lying[i - 27] === 0x04 ? i - 30 + 22 : lying[i - 46] === 0x50 && lying[i - 43] === 0x02 ? i - 46 + 24 : -1;
			if (at >= 0) new DataView(lying.buffer).setUint32(at, 10, true);
		}
		expect(lying).not.toEqual(bomb);
		expect(refusal(lying, { ...defaultQdpxLimits, sourceBytes: 1024 * 1024 })).toBe('zipBomb');
		// Many small files that add up count as well.
		const many = zip({ 'project.qde': qde(), ...Object.fromEntries([1, 2, 3, 4].map((n) => [`sources/${n}.txt`, zeros])) });
		expect(refusal(many, { ...defaultQdpxLimits, totalBytes: 8 * 1024 * 1024 })).toBe('zipBomb');
		// A huge project.qde (entity-free, just large) has its own, lower limit.
		expect(refusal(zip({ 'project.qde': qde(' '.repeat(2 * 1024 * 1024)) }), { ...defaultQdpxLimits, qdeBytes: 1024 * 1024 })).toBe('zipBomb');
	});

	it('refuses files too large or with too many entries, and what is no zip or has no project', () => {
		const ok = zip({ 'project.qde': qde() });
		expect(refusal(ok, { ...defaultQdpxLimits, fileBytes: ok.length - 1 })).toBe('fileTooLarge');
		expect(refusal(zip({ 'project.qde': qde(), ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`sources/${i}.txt`, 'x'])) }), { ...defaultQdpxLimits, files: 10 })).toBe('tooManyFiles');
		expect(refusal(strToU8(qde()))).toBe('notZip');
		expect(refusal(strToU8('PK\u0003\u0004 not really a zip at all'))).toBe('notZip');
		expect(refusal(zip({ 'sources/a.txt': 'x' }))).toBe('noProject');
		expect(refusal(ok)).toBe('accepted');
	});

	it('refuses malformed XML, any DOCTYPE (XXE, entity expansion), and XML that is no REFI-QDA project', () => {
		expect(refusal(zip({ 'project.qde': '<Project><Users></Project>' }))).toBe('malformedXml');
		const xxe = `<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>`;
		expect(refusal(zip({ 'project.qde': xxe }))).toBe('doctype');
		const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><Project name="&lol2;"/>`;
		expect(refusal(zip({ 'project.qde': laughs }))).toBe('doctype');
		expect(refusal(zip({ 'project.qde': '<?xml version="1.0"?><CodeBook/>' }))).toBe('notProject');
		expect(refusal(zip({ 'project.qde': new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]) }))).toBe('malformedXml');
	});

	it('keeps what it can of a damaged project and says what it left out and why', () => {
		const code = '<CodeBook><Codes><Code guid="0190a000-0000-7000-8000-000000000001" name="A" isCodable="true"/></Codes></CodeBook>';
		const coding = '<Coding guid="0190a000-0000-7000-8000-000000000009"><CodeRef targetGUID="0190a000-0000-7000-8000-000000000001"/></Coding>';
		const sources =
			'<Sources>' +
			`<TextSource guid="0190a000-0000-7000-8000-000000000002" name="ok.txt" plainTextPath="internal://t.txt">` +
			`<PlainTextSelection guid="0190a000-0000-7000-8000-000000000003" startPosition="0" endPosition="3">${coding}</PlainTextSelection>` +
			`<PlainTextSelection guid="0190a000-0000-7000-8000-000000000004" name="beyond" startPosition="2" endPosition="99">${coding}</PlainTextSelection>` +
			'</TextSource>' +
			'<TextSource guid="0190a000-0000-7000-8000-000000000005" name="gone.txt" plainTextPath="internal://missing.txt"/>' +
			'<TextSource guid="0190a000-0000-7000-8000-000000000006" name="outside.txt" plainTextPath="absolute:///home/x/secret.txt"/>' +
			'<TextSource guid="0190a000-0000-7000-8000-000000000007" name="up.txt" plainTextPath="internal://../../etc/passwd"/>' +
			'<PictureSource guid="0190a000-0000-7000-8000-000000000008" name="fake.jpg" path="internal://fake.jpg"/>' +
			'</Sources>';
		const p = readQdpxProject(zip({ 'project.qde': qde(code + sources), 'sources/t.txt': 'abc😀', 'sources/fake.jpg': '<html>' }));
		expect(p.sources.map((s) => s.name)).toEqual(['ok.txt']);
		expect(p.skipped).toEqual([
			{ kind: 'selection', name: 'beyond', reason: 'outOfRange' },
			{ kind: 'source', name: 'gone.txt', reason: 'missingFile' },
			{ kind: 'source', name: 'outside.txt', reason: 'externalFile' },
			{ kind: 'source', name: 'up.txt', reason: 'missingFile' },
			{ kind: 'source', name: 'fake.jpg', reason: 'unsupportedMedia' }
		]);
	});
});
