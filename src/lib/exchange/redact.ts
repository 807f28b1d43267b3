import * as Y from 'yjs';
import { hiddenHighlightsBySession, redaction, type Redaction } from '$lib/domain/redaction';
import { m } from '$lib/i18n/generated/messages';
import { noteText } from '$lib/notes/noteDoc';
import { hiddenNoteDoc, redactStoredNote } from '$lib/notes/redactNote';
import type { ProjectSnapshot, SnapshotNoteUpdate, SnapshotRows } from './snapshot';

/**
 * The export view of a snapshot under withdrawn consent: every exporter reads
 * the snapshot through `exportable`, which passes it through here, so no file
 * – .qdpx (the session notes' text included), CSV, report, the server's
 * exports – carries a hidden participant's words. The rows are left out, the
 * notes rewritten with a redacted block where their highlights were, and a
 * note whose every participant withdrew is only the block. The snapshot
 * itself is untouched: the backup still holds everything, as withdrawal can
 * be undone.
 *
 * `basis` are the rows the rules are read from (by default the snapshot's
 * own): the caller may pass the rows before partial ones were dropped, so a
 * withdrawal known only from a partial participant row still hides.
 */
export function redactSnapshot(s: ProjectSnapshot, basis: SnapshotRows = s.rows): ProjectSnapshot {
	const r = redaction(basis);
	if (r.none) return s;
	// In the project's language, like every label in an export.
	const label = m.redaction_block({}, { locale: s.project.language });
	const rows: SnapshotRows = { ...s.rows };
	const hiddenTarget = (id: string) => r.entries.has(id) || r.highlights.has(id);

	rows.participants = s.rows.participants.filter((p) => !r.participants.has(p.id));
	rows.sessions = s.rows.sessions.map((x) =>
		x.participantIds.some((id) => r.participants.has(id)) ? { ...x, participantIds: x.participantIds.filter((id) => !r.participants.has(id)) } : x
	);
	rows.entries = s.rows.entries.filter((e) => !r.entryHidden(e));
	rows.highlights = s.rows.highlights.filter((h) => !r.highlights.has(h.id));
	rows.attachments = s.rows.attachments.filter((a) => !r.attachmentHidden(a));
	rows.taggings = s.rows.taggings.filter((t) => !hiddenTarget(t.targetId));
	rows.codings = s.rows.codings.filter((c) => !hiddenTarget(c.targetId));
	rows.clusterMembers = s.rows.clusterMembers.filter((m) => !r.entries.has(m.entryId));
	rows.comments = s.rows.comments.filter((c) => !hiddenTarget(c.targetId));
	rows.insights = s.rows.insights.map((i) => (i.evidenceIds.some((id) => r.entries.has(id)) ? { ...i, evidenceIds: i.evidenceIds.filter((id) => !r.entries.has(id)) } : i));

	const notes = redactNotes(s, r, label);
	rows.notes = s.rows.notes.map((n) => (notes.text.has(n.id) ? { ...n, text: notes.text.get(n.id)! } : n));
	if (notes.quoted.size > 0) {
		rows.highlights = rows.highlights.map((h) => (notes.quoted.has(h.id) ? { ...h, text: notes.quoted.get(h.id)! } : h));
		const quotedEntry = new Map(rows.highlights.filter((h) => notes.quoted.has(h.id) && h.entryId).map((h) => [h.entryId!, notes.quoted.get(h.id)!]));
		for (const e of rows.entries) if (e.highlightId && notes.quoted.has(e.highlightId)) quotedEntry.set(e.id, notes.quoted.get(e.highlightId)!);
		rows.entries = rows.entries.map((e) => (quotedEntry.has(e.id) ? { ...e, text: quotedEntry.get(e.id)! } : e));
	}
	const noteUpdates = [...s.noteUpdates.filter((u) => !notes.replaced.has(u.noteId)), ...notes.replaced.values()];
	return { ...s, rows, noteUpdates };
}

interface RedactedNotes {
	/** note id → its redacted plain text. */
	text: Map<string, string>;
	/** note id → the one update that now stands for all of its updates. */
	replaced: Map<string, SnapshotNoteUpdate>;
	/** Visible highlight id → its quoted text with the hidden words in it redacted. */
	quoted: Map<string, string>;
}

function redactNotes(s: ProjectSnapshot, r: Redaction, label: string): RedactedNotes {
	const out: RedactedNotes = { text: new Map(), replaced: new Map(), quoted: new Map() };
	const hiddenBySession = hiddenHighlightsBySession(r, s.rows);
	const updatesOf = new Map<string, SnapshotNoteUpdate[]>();
	for (const u of s.noteUpdates) {
		if (!updatesOf.has(u.noteId)) updatesOf.set(u.noteId, []);
		updatesOf.get(u.noteId)!.push(u);
	}
	for (const note of s.rows.notes) {
		const updates = updatesOf.get(note.id) ?? [];
		const latest = updates.reduce((at, u) => (u.createdAt > at ? u.createdAt : at), note.updatedAt);
		const replace = (text: string, update: Uint8Array) => {
			out.text.set(note.id, text);
			out.replaced.set(note.id, { id: `redacted:${note.id}`, noteId: note.id, update, createdAt: latest, synced: 1 });
		};
		if (r.sessions.has(note.sessionId)) {
			const doc = hiddenNoteDoc(label);
			replace(noteText(doc), Y.encodeStateAsUpdate(doc));
			doc.destroy();
			continue;
		}
		const hidden = hiddenBySession.get(note.sessionId);
		const redacted = hidden ? redactStoredNote(note.id, updates, note.text, hidden, label) : null;
		if (!redacted) continue;
		replace(redacted.text, redacted.update);
		for (const [id, text] of redacted.quoted) out.quoted.set(id, text);
	}
	return out;
}
