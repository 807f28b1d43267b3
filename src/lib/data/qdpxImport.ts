import { newId } from '$lib/domain/ids';
import { noteIdFor } from '$lib/domain/noteId';
import type { Locale } from '$lib/domain/project';
import type { EntryKind } from '$lib/domain/entry';
import { looksLikeRealName, pseudonymCode, sameCode } from '$lib/domain/pseudonym';
import type { ImportedCode } from '$lib/exchange/qdc';
import { exportLabels } from '$lib/exchange/labels';
import type { QdpxMediaSource, QdpxNote, QdpxProject, QdpxSelection, QdpxSkip, QdpxTextSource } from '$lib/exchange/qdpxRead';
import { markedSeedUpdate, type MarkedSpan } from '$lib/notes/markedSeed';
import { sealBlob } from '$lib/crypto/blobSeal';
import { syncedTableNames } from './db';
import type { DataContext } from './context';
import { createProject } from './projects';
import type { Repositories } from './repositories';

/**
 * Writes a read REFI-QDA project (see `$lib/exchange/qdpxRead`) into a new
 * project on this device, through the repositories – so every row is
 * validated, stamped and queued for sync like the team's own work – in ONE
 * IndexedDB transaction: the import lands whole or not at all. Everything that
 * is not IndexedDB work (hashing media, building the notes' Yjs updates) is
 * done before the transaction opens, since awaiting anything else would end it.
 *
 * How the file's things become this app's:
 * - a text source → a desk-research session whose note is the text; each
 *   coded span (one per offsets, however many coders and codes) → a highlight
 *   mark in the note and its evidence entry, tagged with the codes;
 * - codes → the codebook with hierarchy, colours and code groups;
 * - a Note linked from evidence (or written by this app) → an insight citing
 *   that evidence; a Note that links other Notes → an innovation area over
 *   them; any other Note (a journal, a memo) → a desk-research session of its own;
 * - a picture or recording → an attachment in a session named after it;
 * - a case → a participant, by pseudonym only: a case name that looks like a
 *   real name (or does not fit a code) is replaced by the next P-code and not
 *   kept anywhere; consent is never imported – it is recorded here, by a person;
 * - a selection's memo → a comment on its evidence.
 *
 * Every coding is recorded as the importing researcher's: the server lets a
 * coding name only the person who pushes it (docs/decisions.md), and the file's
 * coders are not members of the team. The summary names them, so nobody thinks
 * their intercoder split came along.
 */

export interface QdpxImportSummary {
	projectId: string;
	sessions: number;
	codes: number;
	highlights: number;
	participants: number;
	/** Cases whose name looked like a real name (or was no usable code): they got a P-code. */
	renamedCases: number;
	insights: number;
	areas: number;
	memos: number;
	attachments: number;
	comments: number;
	/** The file's coders whose codings are now the importer's. */
	coders: string[];
	skipped: QdpxSkip[];
}

type Data = { ctx: DataContext; repos: Repositories };

const maxNoteText = 2_000_000;
const maxEntryText = 20_000;

async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const stem = (name: string) => name.replace(/\.[a-z0-9]{1,5}$/i, '').trim();
const title = (name: string, fallback: string) => Array.from(stem(name) || fallback).slice(0, 200).join('').trim() || fallback;
const dateOf = (at: string | null, today: string) => (at && /^\d{4}-\d{2}-\d{2}/.test(at) && !Number.isNaN(Date.parse(at.slice(0, 10))) ? at.slice(0, 10) : today);

/** One highlight: every selection over the same offsets of a source (one per code in QualCoder, one per coder in ours). */
interface Span {
	start: number;
	end: number;
	text: string;
	codeGuids: Set<string>;
	descriptions: string[];
	noteGuids: Set<string>;
	highlightId: string;
	entryId: string;
}

/** What this app's own export writes in a selection's Description, read back (both languages). */
function descriptionReader() {
	const labels = [exportLabels('nb'), exportLabels('en')];
	const prefix = (f: (x: string) => string) => f('\u0000').split('\u0000')[0];
	const kinds = new Map<string, EntryKind>();
	for (const L of labels) for (const k of ['quote', 'observation', 'unknown', 'fact'] as const) kinds.set(L.kind(k), k);
	return (lines: string[], linked: boolean) => {
		let kind: EntryKind = 'quote';
		const unknown = { surprise: '', whyUnknown: '', nextQuestion: '' };
		let source = '';
		const rest: string[] = [];
		for (const [i, raw] of lines.entries()) {
			const line = raw.trim();
			if (!line) continue;
			if (i === 0 && kinds.has(line)) {
				kind = kinds.get(line)!;
				continue;
			}
			const own = labels.find((L) =>
				[L.unknownSurprise, L.unknownWhy, L.unknownNext].some((q) => line.startsWith(`${q} `)) || line.startsWith(`${L.factSource}: `) || (linked && (line.startsWith(prefix(L.insightNote)) || line.startsWith(prefix(L.areaNote))))
			);
			if (!own) {
				rest.push(line);
				continue;
			}
			if (line.startsWith(`${own.unknownSurprise} `)) unknown.surprise = line.slice(own.unknownSurprise.length + 1);
			else if (line.startsWith(`${own.unknownWhy} `)) unknown.whyUnknown = line.slice(own.unknownWhy.length + 1);
			else if (line.startsWith(`${own.unknownNext} `)) unknown.nextQuestion = line.slice(own.unknownNext.length + 1);
			else if (line.startsWith(`${own.factSource}: `)) source = line.slice(own.factSource.length + 2);
			// An insight or area line repeats what the NoteRef links: the link carries it.
		}
		return { kind, unknown: kind === 'unknown' ? unknown : null, source: kind === 'fact' ? source.slice(0, 1000) : '', memo: rest.join('\n') };
	};
}

function spansOf(source: QdpxTextSource): Span[] {
	const byOffsets = new Map<string, Span>();
	const add = (sel: QdpxSelection) => {
		const key = `${sel.start}:${sel.end}`;
		const span = byOffsets.get(key) ?? { start: sel.start, end: sel.end, text: sel.text, codeGuids: new Set(), descriptions: [], noteGuids: new Set(), highlightId: newId(), entryId: newId() };
		for (const g of sel.codeGuids) span.codeGuids.add(g);
		for (const g of sel.noteGuids) span.noteGuids.add(g);
		// Each coder's selection of ours repeats the same Description: keep it once.
		if (sel.description && !span.descriptions.includes(sel.description)) span.descriptions.push(sel.description);
		byOffsets.set(key, span);
	};
	source.selections.forEach(add);
	return [...byOffsets.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

export async function importQdpxProject({ ctx, repos }: Data, file: QdpxProject, options: { language: Locale; fallbackName: string }): Promise<QdpxImportSummary> {
	const L = exportLabels(options.language);
	const today = ctx.now().toISOString().slice(0, 10);
	const skipped: QdpxSkip[] = [...file.skipped];
	const readDescription = descriptionReader();

	// Before the transaction: everything that is not IndexedDB.
	const texts = file.sources.filter((s): s is QdpxTextSource => s.kind === 'text');
	const planned = texts.flatMap((source) => {
		if (source.text.length > maxNoteText) {
			skipped.push({ kind: 'source', name: source.name, reason: 'tooLong' });
			return [];
		}
		const sessionId = newId();
		const spans = spansOf(source).filter((s) => {
			const ok = s.text.trim().length > 0 && s.text.trim().length <= maxEntryText;
			if (!ok) skipped.push({ kind: 'selection', name: `${source.name} ${s.start}–${s.end}`, reason: s.text.trim() ? 'tooLong' : 'outOfRange' });
			return ok;
		});
		const marks: MarkedSpan[] = spans.map((s) => ({ highlightId: s.highlightId, start: s.start, end: s.end }));
		return [{ source, sessionId, spans, update: markedSeedUpdate(source.text, marks) }];
	});
	// Sealed (with a PIN on the device) and made storable before the transaction: a Blob is read asynchronously.
	const media = await Promise.all(
		file.sources
			.filter((s): s is QdpxMediaSource => s.kind !== 'text')
			.map(async (m) => ({ m, sha256: await sha256Hex(m.bytes), stored: await sealBlob(new Blob([m.bytes as Uint8Array<ArrayBuffer>], { type: m.mime })) }))
	);

	// Notes: which are insights, which areas, which memos.
	const noteGuids = new Set(file.notes.map((n) => n.guid));
	const linkedFromEvidence = new Set(planned.flatMap((p) => p.spans.flatMap((s) => [...s.noteGuids])));
	const isArea = (n: QdpxNote) => n.noteRefs.some((g) => noteGuids.has(g) && g !== n.guid);
	const linkedFromAreas = new Set(file.notes.filter(isArea).flatMap((n) => n.noteRefs));
	const ours = file.origin.toLowerCase().startsWith('feltinnsikt');
	const insightPrefix = (x: ReturnType<typeof exportLabels>) => x.insightNote('\u0000').split('\u0000')[0];
	const labelsBoth = [exportLabels('nb'), exportLabels('en')];
	const statementOf = (n: QdpxNote) => (n.description && n.text.endsWith(`\n\n${n.description}`) ? n.text.slice(0, -(n.description.length + 2)) : n.text).trim();

	const summary: QdpxImportSummary = {
		projectId: '',
		sessions: 0,
		codes: 0,
		highlights: 0,
		participants: 0,
		renamedCases: 0,
		insights: 0,
		areas: 0,
		memos: 0,
		attachments: 0,
		comments: 0,
		coders: [...new Set(texts.flatMap((s) => s.selections.map((x) => x.coder)).filter(Boolean))].sort(),
		skipped
	};

	await ctx.db.transaction('rw', [...syncedTableNames, 'outbox', 'syncState', 'noteUpdates', 'blobs'], async () => {
		const project = await createProject(ctx, repos, {
			name: Array.from(file.name || options.fallbackName).slice(0, 200).join('').trim() || options.fallbackName,
			description: Array.from(file.description).slice(0, 4000).join(''),
			language: options.language,
			template: 'empty'
		});
		const projectId = project.id;
		summary.projectId = projectId;

		const codeIds = new Map<string, string>();
		const writeCodes = async (nodes: ImportedCode[], parentId: string | null) => {
			for (const n of nodes) {
				const row = await repos.codes.create(projectId, { parentId, name: n.name, description: n.description, codable: n.codable, ...(n.colour ? { colour: n.colour } : {}) });
				codeIds.set(n.guid, row.id);
				summary.codes++;
				await writeCodes(n.children, row.id);
			}
		};
		await writeCodes(file.codes, null);

		const sessionNote = async (sessionId: string, sessionTitle: string, date: string, text: string, update: Uint8Array | null) => {
			await repos.sessions.create(projectId, { kind: 'deskResearch', title: sessionTitle, date, place: '', researchers: [], participantIds: [] }, sessionId);
			const noteId = noteIdFor(sessionId);
			await repos.notes.create(projectId, { sessionId, text }, noteId);
			if (update) await ctx.db.noteUpdates.add({ id: newId(), projectId, noteId, update, createdAt: ctx.now().toISOString(), synced: 0 });
			summary.sessions++;
			return noteId;
		};

		const entriesOfNote = new Map<string, string[]>();
		for (const { source, sessionId, spans, update } of planned) {
			const noteId = await sessionNote(sessionId, title(source.name, L.evidenceNoSession), dateOf(source.createdAt, today), source.text, update);
			for (const s of spans) {
				const text = s.text.trim();
				const linked = s.noteGuids.size > 0;
				const parsed = s.descriptions.map((d) => readDescription(d.split('\n'), linked));
				const first = parsed[0] ?? { kind: 'quote' as EntryKind, unknown: null, source: '', memo: '' };
				await repos.highlights.create(projectId, { noteId, sessionId, entryId: s.entryId, text, recordingOffsetMs: null }, s.highlightId);
				await repos.entries.create(projectId, { kind: first.kind, text, sessionId, highlightId: s.highlightId, participantId: null, source: first.source, unknown: first.unknown }, s.entryId);
				summary.highlights++;
				for (const g of s.codeGuids) {
					const codeId = codeIds.get(g);
					if (codeId) await repos.taggings.tag(projectId, s.entryId, 'code', codeId);
				}
				for (const g of s.noteGuids) entriesOfNote.set(g, [...(entriesOfNote.get(g) ?? []), s.entryId]);
				const memo = parsed.map((p) => p.memo).filter(Boolean).join('\n\n');
				if (memo) {
					await repos.comments.create(projectId, { targetId: s.entryId, text: Array.from(memo).slice(0, 4000).join(''), mentions: [] });
					summary.comments++;
				}
			}
		}

		for (const { m, sha256, stored } of media) {
			const sessionId = newId();
			await repos.sessions.create(projectId, { kind: 'deskResearch', title: title(m.name, m.kind), date: dateOf(m.createdAt, today), place: '', researchers: [], participantIds: [] }, sessionId);
			summary.sessions++;
			if (!(await ctx.db.blobs.get(sha256))) await ctx.db.blobs.put({ sha256, ...stored, size: m.bytes.length, mime: m.mime, uploaded: 0 });
			await repos.attachments.create(projectId, { kind: m.kind === 'picture' ? 'photo' : 'audio', sessionId, sha256, size: m.bytes.length, mime: m.mime });
			summary.attachments++;
		}

		const insightIds = new Map<string, string>();
		const memoNote = async (n: QdpxNote) => {
			await sessionNote(newId(), title(n.name, n.guid), today, n.text, markedSeedUpdate(n.text, []));
			summary.memos++;
		};
		for (const n of file.notes.filter((x) => !isArea(x))) {
			const statement = statementOf(n);
			const insight = linkedFromEvidence.has(n.guid) || linkedFromAreas.has(n.guid) || ours;
			if (!insight || Array.from(statement).length > 4000 || n.text.length > maxNoteText) {
				if (n.text.length > maxNoteText) skipped.push({ kind: 'note', name: n.name, reason: 'tooLong' });
				else await memoNote(n);
				continue;
			}
			const row = await repos.insights.create(projectId, { statement, evidenceIds: entriesOfNote.get(n.guid) ?? [] });
			insightIds.set(n.guid, row.id);
			summary.insights++;
		}
		for (const n of file.notes.filter(isArea)) {
			const own = n.noteRefs.map((g) => insightIds.get(g)).filter((id): id is string => !!id);
			const paragraphs = n.text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
			// This app's area Note: its name, its loop, then one line per insight (carried by the NoteRefs).
			const name = ours && paragraphs[0] ? paragraphs[0] : n.name;
			const loop = (ours ? paragraphs.slice(1) : paragraphs).filter((p) => !labelsBoth.some((x) => p.startsWith(insightPrefix(x)))).join('\n\n');
			if (Array.from(name).length > 200 || Array.from(loop).length > 8000) {
				await memoNote(n);
				continue;
			}
			await repos.innovationAreas.create(projectId, { name, loop, insightIds: own });
			summary.areas++;
		}

		// Cases: pseudonyms only. A name that looks like a person's, or is no code, gets the next P-code.
		const used: string[] = [];
		let counter = 0;
		const ageNames = new Set<string>(labelsBoth.map((x) => x.varAge));
		const municipalityNames = new Set<string>(labelsBoth.map((x) => x.varMunicipality));
		const consentNames = new Set<string>(labelsBoth.flatMap((x) => [x.varConsent, ...(['notes', 'audio', 'photo', 'quotes'] as const).map((s) => x.varConsentScope(s))]));
		for (const c of file.cases) {
			const usable = c.name && Array.from(c.name).length <= 40 && !looksLikeRealName(c.name) && !used.some((u) => sameCode(u, c.name));
			let code = c.name;
			if (!usable) {
				do code = pseudonymCode(++counter);
				while (used.some((u) => sameCode(u, code)) || file.cases.some((x) => sameCode(x.name, code)));
				summary.renamedCases++;
			}
			used.push(code);
			let age: number | null = null;
			let municipality = '';
			const attributes: Record<string, string> = {};
			for (const [key, value] of Object.entries(c.variables)) {
				// Consent is a researcher's record, never a value taken from a file.
				if (consentNames.has(key)) continue;
				if (ageNames.has(key) && /^\d{1,3}$/.test(value.trim()) && Number(value) <= 130) age = Number(value);
				else if (municipalityNames.has(key)) municipality = value.slice(0, 120);
				else if (Object.keys(attributes).length < 100) attributes[key.slice(0, 80)] = value.slice(0, 400);
			}
			await repos.participants.create(projectId, { code, age, municipality, attributes });
			summary.participants++;
		}
		if (counter > 0) await repos.projects.update(projectId, { participantCounter: counter });
	});
	return summary;
}
