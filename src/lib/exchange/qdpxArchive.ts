import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';

/**
 * Reads the files of a .qdpx (a zip) that a project import needs, treating the
 * file as hostile: it comes from another tool, a mail or a USB stick. The zip is
 * read as a stream in small pieces and every file's inflated bytes are counted
 * as they come, so a zip bomb (a few kB that claim – or do not claim – to hold
 * gigabytes) is stopped at the limit, whatever its headers say; an entry name
 * that could leave the archive (`../`, `/etc/…`, `C:\…`) refuses the whole file.
 * Nothing is written anywhere: the caller gets bytes in memory or an error.
 */

export type QdpxArchiveErrorCode = 'notZip' | 'fileTooLarge' | 'tooManyFiles' | 'unsafePath' | 'zipBomb' | 'noProject';

export class QdpxArchiveError extends Error {
	constructor(readonly code: QdpxArchiveErrorCode, message: string) {
		super(message);
		this.name = 'QdpxArchiveError';
	}
}

export interface QdpxLimits {
	/** The .qdpx itself. */
	fileBytes: number;
	/** Entries in the zip (folders included). */
	files: number;
	/** project.qde inflated. */
	qdeBytes: number;
	/** One source file inflated (a text or a recording). */
	sourceBytes: number;
	/** Everything inflated together. */
	totalBytes: number;
}

/**
 * The figures: a device holds the whole import in memory, so the total stays
 * well under what a tablet's tab may use; one recording may be as large as the
 * server stores (500 MiB) only if the total allows it. A project's XML of 32 MiB
 * is some 100 000 codings – far beyond a field team's project.
 */
export const defaultQdpxLimits: QdpxLimits = {
	fileBytes: 600 * 1024 * 1024,
	files: 20_000,
	qdeBytes: 32 * 1024 * 1024,
	sourceBytes: 500 * 1024 * 1024,
	totalBytes: 800 * 1024 * 1024
};

/** Bytes handed to the inflater at a time: deflate expands at most ~1032×, so one step makes ≤ 17 MiB. */
const pieceBytes = 16 * 1024;

export interface QdpxArchive {
	/** project.qde (the first `.qde` at the top, or the only one). */
	qde: Uint8Array;
	/** Files under `sources/` (any case), by their name inside that folder. */
	sources: Map<string, Uint8Array>;
}

/**
 * Whether an entry name stays inside the archive: relative, forward slashes, no
 * `..` or `.` segment, no drive letter, no control character. Anything else is
 * not something a REFI-QDA writer makes, and an extractor could write it outside
 * its folder.
 */
export function isSafeEntryName(name: string): boolean {
	// eslint-disable-next-line no-control-regex
	if (!name || name.length > 1000 || /[\u0000-\u001f\\]/.test(name)) return false;
	if (name.startsWith('/') || /^[a-z]:/i.test(name)) return false;
	return name
		.replace(/\/$/, '')
		.split('/')
		.every((part) => part !== '' && part !== '.' && part !== '..');
}

const sourcesFolder = /^sources\//i;

export function readQdpxArchive(bytes: Uint8Array, limits: QdpxLimits = defaultQdpxLimits): QdpxArchive {
	if (bytes.length > limits.fileBytes) throw new QdpxArchiveError('fileTooLarge', `The file is larger than ${limits.fileBytes} bytes.`);
	if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || !hasEndRecord(bytes)) throw new QdpxArchiveError('notZip', 'The file is not a zip.');

	let entries = 0;
	let total = 0;
	let failure: QdpxArchiveError | null = null;
	const qdes = new Map<string, Uint8Array>();
	const sources = new Map<string, Uint8Array>();
	const open: UnzipFile[] = [];

	const unzip = new Unzip((file) => {
		if (failure) return;
		if (++entries > limits.files) {
			failure = new QdpxArchiveError('tooManyFiles', `More than ${limits.files} files in the zip.`);
			return;
		}
		if (!isSafeEntryName(file.name)) {
			failure = new QdpxArchiveError('unsafePath', `Unsafe file name in the zip: ${JSON.stringify(file.name.slice(0, 200))}`);
			return;
		}
		const isQde = /^[^/]+\.qde$/i.test(file.name);
		const isSource = sourcesFolder.test(file.name) && !file.name.endsWith('/') && file.name.split('/').length === 2;
		// Folders, macOS's __MACOSX and anything else are not read at all.
		if (!isQde && !isSource) return;
		const limit = isQde ? limits.qdeBytes : limits.sourceBytes;
		const chunks: Uint8Array[] = [];
		let size = 0;
		file.ondata = (error, chunk, final) => {
			if (failure) return;
			if (error) {
				failure = new QdpxArchiveError('notZip', `A file in the zip cannot be read: ${error.message}`);
				return;
			}
			size += chunk.length;
			total += chunk.length;
			if (size > limit || total > limits.totalBytes) {
				failure = new QdpxArchiveError('zipBomb', `${file.name} inflates beyond what a project may hold.`);
				file.terminate();
				return;
			}
			chunks.push(chunk);
			if (final) {
				const whole = concat(chunks, size);
				if (isQde) qdes.set(file.name, whole);
				else sources.set(file.name.replace(sourcesFolder, ''), whole);
			}
		};
		open.push(file);
		file.start();
	});
	unzip.register(UnzipInflate);
	try {
		for (let at = 0; at < bytes.length && !failure; at += pieceBytes) {
			unzip.push(bytes.subarray(at, Math.min(at + pieceBytes, bytes.length)), at + pieceBytes >= bytes.length);
		}
	} catch (error) {
		if (!failure) failure = new QdpxArchiveError('notZip', `The zip cannot be read: ${(error as Error).message}`);
	}
	if (failure) {
		for (const f of open) f.terminate();
		throw failure;
	}
	const names = [...qdes.keys()].sort((a, b) => Number(b.toLowerCase() === 'project.qde') - Number(a.toLowerCase() === 'project.qde'));
	if (names.length === 0) throw new QdpxArchiveError('noProject', 'The zip has no project.qde.');
	return { qde: qdes.get(names[0])!, sources };
}

/** A zip ends with its end-of-central-directory record (PK 5 6) in the last 64 KiB + 22 bytes: a cut-off download has none. */
function hasEndRecord(bytes: Uint8Array): boolean {
	for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
		if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 0x05 && bytes[at + 3] === 0x06) return true;
	}
	return false;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
	if (chunks.length === 1) return chunks[0];
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.length;
	}
	return out;
}
