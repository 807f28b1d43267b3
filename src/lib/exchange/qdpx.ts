import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Attachment } from '$lib/domain/attachment';
import { isHidden } from '$lib/domain/consent';
import type { Entry } from '$lib/domain/entry';
import type { Highlight } from '$lib/domain/highlight';
import { consentScopes, type Participant } from '$lib/domain/participant';
import { codeElements } from './qdc';
import { evidenceView, tagsOf, type EvidenceView } from './evidence';
import { derivedGuid, rowGuid } from './guid';
import { exportLabels, type ExportLabels } from './labels';
import { codePointLength, exportNote, type ExportedNote } from './noteText';
import { live, yieldToUi, type ProgressFn, type ProjectSnapshot } from './snapshot';
import { el, textEl, xmlDeclaration, xsdDateTime } from './xml';
import { exportable, partialRowCount } from './exportable';
import { safeFileStem, UniqueNames } from './fileName';
import { peopleNamer, projectUserIds } from './people';
import { projectCodebook } from './projectCodes';
import { fieldColours, regionColour } from './regionColour';

export { fieldColours, regionColour };

/**
 * The REFI-QDA project (.qdpx): `project.qde` plus the sources, for NVivo,
 * ATLAS.ti, MAXQDA and QualCoder. Each session's note is a TextSource; each
 * highlight a PlainTextSelection at the code-point offsets of its mark in
 * exactly the exported text; evidence captured outside a note sits in one
 * "Evidence" TextSource per session, one paragraph per entry, so it can be
 * coded too. Tags become Codings: codes, map regions (children of the
 * non-codable GIGA-map code) and life stages (likewise).
 *
 * What the consumers need beyond the schema (checked against QualCoder's
 * REFI-QDA import; see docs/decisions.md): source, code, note and variable
 * names unique and usable as file names; one selection per coder; insights
 * and areas as Notes with a text file; an entry's reflections, key-figure
 * source and insights in its selection's Description; people by name.
 */

export interface QdpxOptions {
	onProgress?: ProgressFn;
}

export interface QdpxResult {
	bytes: Uint8Array;
	/** Attachments whose bytes are not on this device (or server), left out of the file. */
	missingFiles: number;
	/** Rows left out because they are not whole (a field change whose row never arrived). */
	partialRows: number;
	/** Stored note updates that could not be applied, left out of the notes' text. */
	skippedNoteUpdates: number;
	selections: number;
}

const extensions: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'audio/webm': 'webm',
	'audio/ogg': 'ogg',
	// AAC in an MP4 container is ".m4a" and MP3 ".mp3": the names QualCoder (helpers.py) takes as audio,
	// and what NVivo and MAXQDA play. A raw ADTS AAC stream keeps ".aac" (it is no MP4 file).
	'audio/mp4': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/aac': 'aac',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav'
};
const extensionOf = (mime: string) => extensions[mime.split(';')[0].trim().toLowerCase()] ?? 'bin';

interface Selection {
	guid: string;
	name: string;
	start: number;
	end: number;
	entry: Entry;
}

interface TextSourcePlan {
	guid: string;
	name: string;
	description: string;
	text: string;
	selections: Selection[];
	createdBy: string;
	createdAt: string;
}

const shortName = (text: string) => {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > 60 ? `${line.slice(0, 59)}…` : line;
};

export async function exportQdpx(source: ProjectSnapshot, options: QdpxOptions = {}): Promise<QdpxResult> {
	const s = exportable(source);
	const L = exportLabels(s.project.language);
	const view = evidenceView(s);
	const liveNotes = live(s.rows.notes);
	const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
	// A recording or photo of a session holds every participant's voice or face: one withdrawn consent keeps it out.
	const withdrawn = (id: string | null | undefined) => !!id && isHidden(view.participants.get(id));
	const attachments = live(s.rows.attachments)
		.sort(byId)
		.filter((a) => !withdrawn(a.participantId) && !(a.sessionId && (view.sessions.get(a.sessionId)?.participantIds ?? []).some(withdrawn)));
	const total = view.sessions.size + attachments.length + 2;
	let done = 0;
	const step = async () => {
		options.onProgress?.(++done, total);
		if (done % 20 === 0) await yieldToUi();
	};

	// Session notes: the text and where each highlight sits in it.
	const updatesOf = new Map<string, Uint8Array[]>();
	for (const u of s.noteUpdates) {
		if (!updatesOf.has(u.noteId)) updatesOf.set(u.noteId, []);
		updatesOf.get(u.noteId)!.push(u.update);
	}
	const exported = new Map<string, ExportedNote>();
	let skippedNoteUpdates = 0;
	for (const session of view.sessions.values()) {
		const note = liveNotes.find((n) => n.sessionId === session.id);
		if (note) {
			const text = exportNote(note.id, updatesOf.get(note.id) ?? [], note.text);
			skippedNoteUpdates += text.skippedUpdates;
			exported.set(session.id, text);
		}
		await step();
	}

	const files: Zippable = {};
	// Source names are unique in the file and usable as file names as they are (see `sourceNames`).
	const names = new UniqueNames();
	const media: MediaPlan[] = [];
	let missingFiles = 0;
	for (const a of attachments) {
		const bytes = await s.blob(a.sha256);
		if (bytes) {
			const guid = rowGuid('attachment', a.id);
			const extension = extensionOf(a.mime);
			const file = `${guid}.${extension}`;
			// Photos and audio are compressed already: storing them is as small and much faster.
			files[`sources/${file}`] = [bytes, { level: 0 }];
			const session = a.sessionId ? view.sessions.get(a.sessionId) : undefined;
			const stem = safeFileStem([session?.title, a.createdAt.slice(0, 10)].filter(Boolean).join(' · '));
			const name = names.next(stem, (b, n) => `${b}${n}.${extension}`);
			// QualCoder gives a recording without a transcript a text source "‹name›.txt": that name must stay free.
			if (a.kind === 'audio') names.reserve(`${name}.txt`);
			media.push({ attachment: a, guid, file, name });
		} else missingFiles++;
		await step();
	}

	const sources = planTextSources(s, view, exported, L, names);
	for (const src of sources) files[`sources/${src.guid}.txt`] = [strToU8(src.text), { level: 6 }];

	const { qde, notes, selections } = projectQde(s, view, sources, media, L);
	for (const note of notes) files[`sources/${note.guid}.txt`] = [strToU8(note.text), { level: 6 }];
	files['project.qde'] = [strToU8(qde), { level: 6 }];
	await step();
	const bytes = zipSync(files, { mtime: zipTime(s.project.createdAt) });
	await step();
	return { bytes, missingFiles, partialRows: partialRowCount(s), skippedNoteUpdates, selections };
}

interface MediaPlan {
	attachment: Attachment;
	guid: string;
	/** The file's name inside the zip's `sources/`. */
	file: string;
	/** The source's unique name, with the file's extension. */
	name: string;
}

/** Where each piece of evidence goes: its highlight in the session note, or a paragraph of an evidence source. */
function planTextSources(s: ProjectSnapshot, view: EvidenceView, notes: Map<string, ExportedNote>, L: ExportLabels, names: UniqueNames): TextSourcePlan[] {
	const visible = new Map(view.entries.map((e) => [e.id, e]));
	const highlights = live(s.rows.highlights);
	const placed = new Set<string>();
	const sources: TextSourcePlan[] = [];
	const sessions = [...view.sessions.values()].sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
	const textName = (title: string) => names.next(safeFileStem(title), (b, n) => `${b}${n}.txt`);

	for (const session of sessions) {
		const note = notes.get(session.id);
		if (!note) continue;
		const selections: Selection[] = [];
		for (const h of highlights.filter((x) => x.sessionId === session.id)) {
			const entry = entryOfHighlight(h, visible);
			if (!entry || placed.has(entry.id)) continue;
			const span = note.spans.get(h.id) ?? findText(note.text, h.text);
			if (!span) continue;
			selections.push({ guid: rowGuid('highlight', h.id), name: shortName(h.text), start: span[0], end: span[1], entry });
			placed.add(entry.id);
		}
		selections.sort((a, b) => a.start - b.start || a.end - b.end);
		sources.push({
			guid: rowGuid('session', session.id),
			name: textName(session.title),
			description: [session.date, session.place].filter(Boolean).join(' · '),
			text: note.text,
			selections,
			createdBy: session.createdBy,
			createdAt: session.createdAt
		});
	}

	// Evidence captured without a highlight: one paragraph each, per session.
	const rest = new Map<string, Entry[]>();
	for (const e of view.entries) {
		if (placed.has(e.id)) continue;
		const key = e.sessionId && view.sessions.has(e.sessionId) ? e.sessionId : '';
		if (!rest.has(key)) rest.set(key, []);
		rest.get(key)!.push(e);
	}
	for (const [sessionId, entries] of rest) {
		const session = view.sessions.get(sessionId);
		let text = '';
		let at = 0;
		const selections: Selection[] = [];
		for (const e of entries) {
			if (text) {
				text += '\n\n';
				at += 2;
			}
			const length = codePointLength(e.text);
			selections.push({ guid: rowGuid('entry', e.id), name: shortName(e.text), start: at, end: at + length, entry: e });
			text += e.text;
			at += length;
		}
		sources.push({
			guid: derivedGuid('evidence-source', `${s.project.id}/${sessionId}`),
			name: textName(session ? L.evidenceSource(session.title) : L.evidenceNoSession),
			description: session ? [session.date, session.place].filter(Boolean).join(' · ') : '',
			text,
			selections,
			createdBy: session?.createdBy ?? s.project.createdBy,
			createdAt: session?.createdAt ?? s.project.createdAt
		});
	}
	return sources;
}

function entryOfHighlight(h: Highlight, visible: Map<string, Entry>): Entry | undefined {
	if (h.entryId && visible.has(h.entryId)) return visible.get(h.entryId);
	for (const e of visible.values()) if (e.highlightId === h.id) return e;
	return undefined;
}

/** A highlight whose mark is gone from the note (an old client, a lost mark): found by its text, if it is there. */
function findText(text: string, needle: string): [number, number] | undefined {
	if (!needle) return undefined;
	const at = text.indexOf(needle);
	if (at < 0) return undefined;
	const start = codePointLength(text.slice(0, at));
	return [start, start + codePointLength(needle)];
}

/** An insight or innovation area as a Note: its text goes in a file of its own as well as in the element. */
interface NotePlan {
	guid: string;
	text: string;
}

/** One researcher's codings of one piece of evidence: one PlainTextSelection in the file. */
interface CoderPart {
	user: string;
	at: string;
	codings: string[];
}

function projectQde(
	s: ProjectSnapshot,
	view: EvidenceView,
	sources: TextSourcePlan[],
	media: MediaPlan[],
	L: ExportLabels
): { qde: string; notes: NotePlan[]; selections: number } {
	const userGuid = (id: string) => rowGuid('user', id);
	const userIds = new Set<string>([s.project.createdBy]);
	const seeUser = (id: string | undefined | null) => {
		if (id) userIds.add(id);
		return id ? userGuid(id) : undefined;
	};
	const book = projectCodebook(s, view, L);

	// Which insights cite each entry (NoteRefs on its selection, and named in its Description).
	const insights = live(s.rows.insights).sort((a, b) => a.id.localeCompare(b.id));
	const areas = live(s.rows.innovationAreas).sort((a, b) => a.id.localeCompare(b.id));
	const insightsOf = new Map<string, typeof insights>();
	for (const i of insights) for (const id of i.evidenceIds) insightsOf.set(id, [...(insightsOf.get(id) ?? []), i]);

	// A code is one Coding per researcher who applied it (their own decisions, so a QDA
	// tool's intercoder check sees both); map and life-stage tags, and code tags from
	// before per-coder codings, are one Coding by who tagged.
	const codersOf = new Map<string, { id: string; user: string; at: string }[]>();
	for (const c of live(s.rows.codings).sort((a, b) => a.id.localeCompare(b.id))) {
		const key = `${c.targetId}|${c.codeId}`;
		codersOf.set(key, [...(codersOf.get(key) ?? []), { id: c.id, user: c.coder, at: c.createdAt }]);
	}
	/**
	 * The Codings of an entry, grouped by who made them. QualCoder (and the standard's
	 * reading of it) takes a selection's Codings as made by the selection's
	 * `creatingUser`, so a second coder's Codings go in a selection of their own –
	 * same offsets, their `creatingUser` – or they are read as the first coder's.
	 */
	const coderParts = (e: Entry): CoderPart[] => {
		const parts = new Map<string, CoderPart>();
		for (const t of tagsOf(view, e).taggings) {
			const perCoder = t.kind === 'code' ? (codersOf.get(`${t.targetId}|${t.tagId}`) ?? []) : [];
			const made = perCoder.length > 0 ? perCoder : [{ id: t.id, user: t.taggedBy || t.createdBy, at: t.createdAt }];
			for (const c of made) {
				const part = parts.get(c.user) ?? { user: c.user, at: c.at, codings: [] };
				if (c.at < part.at) part.at = c.at;
				part.codings.push(
					el('Coding', { guid: rowGuid('coding', c.id), creatingUser: seeUser(c.user), creationDateTime: xsdDateTime(c.at) }, [
						el('CodeRef', { targetGUID: book.guidOf(`${t.kind}:${t.tagId}`) })
					])
				);
				parts.set(c.user, part);
			}
		}
		// The evidence's author first (their selection keeps the evidence's GUID), then colleagues in a fixed order.
		const ordered = [...parts.values()].sort((a, b) => Number(b.user === e.createdBy) - Number(a.user === e.createdBy) || a.user.localeCompare(b.user));
		return ordered.length ? ordered : [{ user: e.createdBy, at: e.createdAt, codings: [] }];
	};

	/**
	 * What a reader needs beside the selected text: its kind, an unknown unknown's three
	 * answers, a key figure's source, and the insights (and their areas) built on it.
	 * QualCoder shows a selection's Description as the coding's memo, so a tool that
	 * ignores NoteRef still shows which insight the evidence supports.
	 */
	const describe = (e: Entry, lead = ''): string => {
		const lines = [lead, L.kind(e.kind)];
		if (e.unknown) {
			const answers: [string, string][] = [
				[L.unknownSurprise, e.unknown.surprise],
				[L.unknownWhy, e.unknown.whyUnknown],
				[L.unknownNext, e.unknown.nextQuestion]
			];
			for (const [q, a] of answers) if (a.trim()) lines.push(`${q} ${a.trim()}`);
		}
		if (e.source.trim()) lines.push(`${L.factSource}: ${e.source.trim()}`);
		for (const i of insightsOf.get(e.id) ?? []) {
			lines.push(L.insightNote(i.statement));
			for (const a of areas.filter((x) => x.insightIds.includes(i.id))) lines.push(L.areaNote(a.name));
		}
		return lines.filter(Boolean).join('\n');
	};

	let selectionCount = 0;
	const selectionGuidsOf = new Map<string, string[]>();
	const sourceXml = sources.map((src) =>
		el(
			'TextSource',
			{
				guid: src.guid,
				name: src.name,
				plainTextPath: `internal://${src.guid}.txt`,
				creatingUser: seeUser(src.createdBy),
				creationDateTime: xsdDateTime(src.createdAt)
			},
			[
				textEl('Description', src.description),
				...src.selections.flatMap((sel) => {
					const p = sel.entry.participantId;
					const description = describe(sel.entry);
					const noteRefs = (insightsOf.get(sel.entry.id) ?? []).map((i) => el('NoteRef', { targetGUID: rowGuid('insight', i.id) }));
					return coderParts(sel.entry).map((part, n) => {
						const guid = n === 0 ? sel.guid : derivedGuid('coder-selection', `${sel.guid}/${part.user}`);
						if (p) selectionGuidsOf.set(p, [...(selectionGuidsOf.get(p) ?? []), guid]);
						selectionCount++;
						const own = part.user === sel.entry.createdBy;
						return el(
							'PlainTextSelection',
							{
								guid,
								name: sel.name,
								startPosition: sel.start,
								endPosition: sel.end,
								creatingUser: seeUser(part.user),
								creationDateTime: xsdDateTime(own ? sel.entry.createdAt : part.at)
							},
							[textEl('Description', description), ...part.codings, ...noteRefs]
						);
					});
				})
			]
		)
	);
	const entries = new Map(view.entries.map((e) => [e.id, e]));
	const mediaXml = media.map(({ attachment: a, guid, file, name }) => {
		const entry = a.entryId ? entries.get(a.entryId) : undefined;
		const attrs = { guid, name, path: `internal://${file}`, creatingUser: seeUser(a.createdBy), creationDateTime: xsdDateTime(a.createdAt) };
		const children = [textEl('Description', entry ? describe(entry, entry.text) : ''), ...(entry ? coderParts(entry).flatMap((p) => p.codings) : [])];
		return el(a.kind === 'photo' ? 'PictureSource' : 'AudioSource', attrs, children);
	});

	const variables = variableDefs(s, view, L);
	const cases = [...view.participants.values()]
		.filter((p) => p.consent?.status !== 'withdrawn')
		.sort((a, b) => a.code.localeCompare(b.code))
		.map((p) =>
			el('Case', { guid: rowGuid('participant', p.id), name: p.code }, [
				...variables.valuesOf(p),
				...[...view.sessions.values()].filter((x) => x.participantIds.includes(p.id)).map((x) => el('SourceRef', { targetGUID: rowGuid('session', x.id) })),
				...(selectionGuidsOf.get(p.id) ?? []).map((g) => el('SelectionRef', { targetGUID: g }))
			])
		);

	// Notes: the text in a file (`plainTextPath`: QualCoder imports a Note as a journal only
	// from its file) and in `PlainTextContent` (for a reader that takes the element).
	// Names are unique (QualCoder's journal names are) and safe as file names.
	const noteNames = new UniqueNames();
	const notePlans: NotePlan[] = [];
	const note = (guid: string, name: string, createdBy: string, createdAt: string, text: string, description: string, refs: string[]) => {
		notePlans.push({ guid, text });
		return el(
			'Note',
			{
				guid,
				name: noteNames.next(safeFileStem(shortName(name), 80)),
				plainTextPath: `internal://${guid}.txt`,
				creatingUser: seeUser(createdBy),
				creationDateTime: xsdDateTime(createdAt)
			},
			[textEl('Description', description), textEl('PlainTextContent', text), ...refs.map((g) => el('NoteRef', { targetGUID: g }))]
		);
	};
	const insightIds = new Set(insights.map((i) => i.id));
	const notes = [
		...insights.map((i) => {
			const meta = L.reportInsightMeta(i.confidence, i.status);
			return note(rowGuid('insight', i.id), L.insightNote(i.statement), i.createdBy, i.createdAt, `${i.statement}\n\n${meta}`, meta, []);
		}),
		...areas.map((a) => {
			const own = a.insightIds.filter((id) => insightIds.has(id));
			const text = [a.name, a.loop, ...own.map((id) => L.insightNote(insights.find((i) => i.id === id)!.statement))].filter(Boolean).join('\n\n');
			// The area's insights, so the chain area → insight → evidence survives the move to a QDA tool.
			return note(rowGuid('area', a.id), L.areaNote(a.name), a.createdBy, a.createdAt, text, '', own.map((id) => rowGuid('insight', id)));
		})
	];

	const graph = mapGraph(s, L);
	const nameOf = peopleNamer(s.users, [...projectUserIds(s), ...userIds], L);
	const users = [...userIds].sort().map((id) => el('User', { guid: userGuid(id), name: nameOf(id) }));
	const root = el(
		'Project',
		{
			xmlns: 'urn:QDA-XML:project:1.0',
			name: s.project.name,
			origin: 'Feltinnsikt',
			creatingUserGUID: userGuid(s.project.createdBy),
			creationDateTime: xsdDateTime(s.project.createdAt)
		},
		[
			el('Users', {}, users),
			book.roots.length ? el('CodeBook', {}, [el('Codes', {}, [codeElements(book.roots, book.guidOf, book.names)])]) : '',
			variables.defs.length ? el('Variables', {}, variables.defs) : '',
			cases.length ? el('Cases', {}, cases) : '',
			sourceXml.length + mediaXml.length ? el('Sources', {}, [...sourceXml, ...mediaXml]) : '',
			notes.length ? el('Notes', {}, notes) : '',
			graph,
			textEl('Description', s.project.description)
		]
	);
	return { qde: `${xmlDeclaration}${root}\n`, notes: notePlans, selections: selectionCount };
}

function variableDefs(s: ProjectSnapshot, view: EvidenceView, L: ExportLabels) {
	const v = (key: string) => derivedGuid('variable', `${s.project.id}/${key}`);
	const participants = [...view.participants.values()];
	const attributeKeys = [...new Set(participants.flatMap((p) => Object.keys(p.attributes)))].sort();
	type Def = { key: string; name: string; type: 'Text' | 'Integer' | 'Boolean'; value: (p: Participant) => string | number | boolean | null };
	const defs: Def[] = [
		{ key: 'lifeStage', name: L.varLifeStage, type: 'Text', value: (p) => (p.lifeStageId ? (view.lifeStages.get(p.lifeStageId)?.name ?? null) : null) },
		{ key: 'age', name: L.varAge, type: 'Integer', value: (p) => p.age },
		{ key: 'ageBand', name: L.varAgeBand, type: 'Text', value: (p) => p.ageBand },
		{ key: 'municipality', name: L.varMunicipality, type: 'Text', value: (p) => p.municipality || null },
		{ key: 'consent', name: L.varConsent, type: 'Text', value: (p) => L.consentStatus(p.consent?.status ?? null) },
		...consentScopes.map((scope): Def => ({
			key: `consent:${scope}`,
			name: L.varConsentScope(scope),
			type: 'Boolean',
			value: (p) => p.consent?.status === 'given' && p.consent.scope.includes(scope)
		})),
		...attributeKeys.map((k): Def => ({ key: `attribute:${k}`, name: k, type: 'Text', value: (p) => p.attributes[k] ?? null }))
	];
	if (participants.length === 0) return { defs: [] as string[], valuesOf: () => [] as string[] };
	// A participant attribute may be called what a fixed variable is ("Alder"): QualCoder keeps variable names unique.
	const variableNames = new UniqueNames();
	for (const d of defs) d.name = variableNames.next(d.name);
	const valueTag = { Text: 'TextValue', Integer: 'IntegerValue', Boolean: 'BooleanValue' } as const;
	return {
		defs: defs.map((d) => el('Variable', { guid: v(d.key), name: d.name, typeOfVariable: d.type })),
		valuesOf: (p: Participant) =>
			defs.flatMap((d) => {
				const value = d.value(p);
				if (value === null || value === '') return [];
				return [el('VariableValue', {}, [el('VariableRef', { targetGUID: v(d.key) }), `<${valueTag[d.type]}>${String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${valueTag[d.type]}>`])];
			})
	};
}

/** The map's layout as a Graph: one rectangle per region that has a place on the map. */
function mapGraph(s: ProjectSnapshot, L: ExportLabels): string {
	const regions = live(s.rows.regions).filter((r) => r.layout).sort((a, b) => a.order - b.order);
	if (regions.length === 0) return '';
	const vertices = regions.map((r) => {
		const b = r.layout!;
		return el('Vertex', {
			guid: derivedGuid('vertex', r.id),
			representedGUID: rowGuid('region', r.id),
			name: r.name,
			firstX: Math.round(b.x),
			firstY: Math.round(b.y),
			secondX: Math.round(b.x + b.w),
			secondY: Math.round(b.y + b.h),
			shape: 'Rectangle',
			color: regionColour(r)
		});
	});
	const ids = new Set(regions.map((r) => r.id));
	const edges = regions
		.filter((r) => r.parentId && ids.has(r.parentId))
		.map((r) =>
			el('Edge', {
				guid: derivedGuid('edge', r.id),
				sourceVertex: derivedGuid('vertex', r.parentId!),
				targetVertex: derivedGuid('vertex', r.id),
				direction: 'OneWay',
				lineStyle: 'solid'
			})
		);
	return el('Graphs', {}, [el('Graph', { guid: derivedGuid('graph', s.project.id), name: L.mapGraph }, [...vertices, ...edges])]);
}

/**
 * The files' time in the zip: when the project was made. A zip cannot hold a time
 * before 1980 or after 2099 (a project row the server only knows in part gets the
 * epoch), and an export must not fail on it: such a time becomes 1 January 1980.
 */
function zipTime(createdAt: string): Date {
	const at = new Date(createdAt);
	const year = at.getFullYear();
	return Number.isNaN(at.getTime()) || year < 1980 || year > 2099 ? new Date(1980, 0, 1, 12) : at;
}
