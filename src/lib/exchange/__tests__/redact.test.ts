import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { restoreConsent, withdrawConsent } from '$lib/data/participants';
import { m } from '$lib/i18n/generated/messages';
import { createBackup } from '../backup';
import { exportCsv } from '../csv';
import { exportable } from '../exportable';
import { exportQdpx } from '../qdpx';
import { exportHtml, exportMarkdown } from '../report';
import { redactFixture, words, type RedactFixture } from './redactFixture';
import { parseXml } from './fixtures';

const label = m.redaction_block({}, { locale: 'nb' });
/** Bytes as text, whatever they hold (a photo too): a word written as UTF-8 anywhere in them is found. */
const utf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);
const hits = (text: string, needle: string) => text.split(needle).length - 1;

/** Every file an export writes, as text: each file of the .qdpx, the CSV, both reports. */
async function exportedFiles(f: RedactFixture): Promise<Map<string, string>> {
	const snapshot = await readProjectSnapshot(f, f.projectId);
	const files = new Map<string, string>();
	for (const [name, bytes] of Object.entries(unzipSync((await exportQdpx(snapshot)).bytes))) files.set(`qdpx:${name}`, utf8(bytes));
	files.set('csv', exportCsv(snapshot));
	files.set('md', exportMarkdown(snapshot, { exportedAt: '2026-12-01T10:00:00Z' }));
	files.set('html', exportHtml(snapshot, { exportedAt: '2026-12-01T10:00:00Z' }));
	return files;
}

const count = (files: Map<string, string>, needle: string) => [...files.values()].reduce((n, text) => n + hits(text, needle), 0);
const withWord = (files: Map<string, string>, needle: string) => [...files].filter(([, text]) => text.includes(needle)).map(([name]) => name);

describe('exports under withdrawn consent', () => {
	it("leave every word of a withdrawn participant out of every file, the shared note's text included, and keep the others'", async () => {
		const f = await redactFixture();
		const before = await exportedFiles(f);
		for (const w of [words.ada, words.adaSecond, words.alone, words.bo, words.team, words.overlap]) expect(count(before, w), w).toBeGreaterThan(0);
		// The note's own text file in the .qdpx carries Ada's sentence before she withdraws.
		expect(withWord(before, words.ada).some((name) => name.startsWith('qdpx:sources/'))).toBe(true);

		await withdrawConsent(f, f.ada, '2026-11-01', 'user-a');
		const after = await exportedFiles(f);
		for (const w of [words.ada, words.adaSecond, words.alone, words.adaOnly, words.overlap]) expect(withWord(after, w), w).toEqual([]);
		for (const w of [words.bo, words.boOnly, words.team]) expect(withWord(after, w).some((name) => name.startsWith('qdpx:sources/')), w).toBe(true);
		expect(count(after, words.bo)).toBeGreaterThan(0);
		// Where her words were, the note says why.
		const sharedText = [...after].find(([name, text]) => name.startsWith('qdpx:sources/') && text.includes(words.team))![1];
		expect(sharedText.split('\n')).toEqual([
			`${words.team}. Ada: ${label}. Bo: ${words.bo}.`,
			`Begge: ${label} ${words.boOnly} 🙂`,
			label,
			`${label} til slutt.`
		]);
		expect(count(after, label)).toBeGreaterThan(0);

		await restoreConsent(f, f.ada, '2026-11-02', 'user-a');
		const restored = await exportedFiles(f);
		for (const w of [words.ada, words.adaSecond, words.alone, words.overlap]) expect(count(restored, w), w).toBe(count(before, w));
		expect(count(restored, label)).toBe(0);
		f.db.close();
	});

	it("cuts a visible participant's selection where it still is, with the hidden word in it redacted", async () => {
		const f = await redactFixture();
		await withdrawConsent(f, f.ada, '2026-11-01', 'user-a');
		const zip = unzipSync((await exportQdpx(await readProjectSnapshot(f, f.projectId))).bytes);
		const qde = parseXml(strFromU8(zip['project.qde'])) as Record<string, unknown>;
		type N = Record<string, unknown>;
		const arr = (n: unknown, k: string) => (((n as N | undefined)?.[k] as N[] | undefined) ?? []);
		const sources = arr(arr(arr(qde, 'Project')[0], 'Sources')[0], 'TextSource');
		const shared = sources.find((s) => String(s.name).startsWith('Verksted med to'))!;
		const text = strFromU8(zip[String(shared.plainTextPath).replace('internal://', 'sources/')]);
		const cut = arr(shared, 'PlainTextSelection').map((sel) => Array.from(text).slice(Number(sel.startPosition), Number(sel.endPosition)).join(''));
		expect(cut.sort()).toEqual([words.bo, `${label} ${words.boOnly}`].sort());
		// No case for Ada, and no photo of a session she was in.
		const cases = arr(arr(arr(qde, 'Project')[0], 'Cases')[0], 'Case').map((c) => c.name);
		expect(cases).not.toContain('P-001');
		expect(Object.keys(zip).some((name) => name.endsWith('.jpg'))).toBe(false);
		f.db.close();
	});

	it('drops the hidden evidence from insights, boards and comments in the export view, and hides a note that was theirs alone', async () => {
		const f = await redactFixture();
		await withdrawConsent(f, f.ada, '2026-11-01', 'user-a');
		const s = exportable(await readProjectSnapshot(f, f.projectId));
		const insight = s.rows.insights.find((i) => i.id === f.insightId)!;
		expect(insight.evidenceIds).toEqual([f.entryOf.get(f.ids.bo)]);
		expect(s.rows.participants.some((p) => p.id === f.ada)).toBe(false);
		expect(s.rows.entries.some((e) => e.participantId === f.ada)).toBe(false);
		expect(s.rows.notes.find((n) => n.sessionId === f.aloneSession)!.text).toBe(label);
		expect(s.rows.sessions.find((x) => x.id === f.sharedSession)!.participantIds).toEqual([f.bo]);
		expect(s.rows.attachments).toEqual([]);
		// An English project says it in English.
		await f.repos.projects.update(f.projectId, { language: 'en' });
		const en = exportable(await readProjectSnapshot(f, f.projectId));
		expect(en.rows.notes.find((n) => n.sessionId === f.aloneSession)!.text).toBe('[consent withdrawn]');
		f.db.close();
	});

	it('keeps everything in a backup: a backup is the project, and withdrawal can be undone', async () => {
		const f = await redactFixture();
		await withdrawConsent(f, f.ada, '2026-11-01', 'user-a');
		const files = unzipSync(await createBackup(await readProjectSnapshot(f, f.projectId), { createdAt: '2026-12-01T10:00:00Z' }));
		const all = Object.values(files).map((bytes) => utf8(bytes)).join('\n');
		for (const w of [words.ada, words.adaSecond, words.alone, words.overlap]) expect(hits(all, w), w).toBeGreaterThan(0);
		expect(hits(all, label)).toBe(0);
		f.db.close();
	});
});
