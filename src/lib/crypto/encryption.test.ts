import { afterEach, describe, expect, it } from 'vitest';
import { createProject } from '$lib/data/projects';
import { addParticipant } from '$lib/data/participants';
import { openTestData, type TestData } from '$lib/data/testing';
import { storeAttachment, loadAttachmentBlob } from '$lib/media/mediaStore';
import * as Y from 'yjs';
import { noteFragment } from '$lib/notes/noteDoc';
import { openNoteStore } from '$lib/notes/noteStore';
import { randomBytes } from './bytes';
import { clearFields, legacySealedField, sealedField } from './middleware';
import { openValue, sealLegacyValue, sealValue } from './rowCipher';
import { gcm } from '@noble/ciphers/aes.js';
import { rawHits, rawRecords } from './rawScan';
import { LockedError, setActiveDataKey } from './session';

let t: TestData | undefined;
afterEach(() => {
	t?.db.close();
	setActiveDataKey(null);
});

const phrase = 'Bussen går aldri etter klokka ni';
const attribute = 'Bor hos besteforeldre på Kvitøya';
const photoBytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('EXIF-Fyret-1234567890')]);

/** A device with a PIN set: a quote, a participant with an attribute, a note typed through the note store and a photo. */
async function capture(data: TestData) {
	const project = await createProject(data.ctx, data.repos, { name: 'Fjordvik', language: 'nb', template: 'empty' });
	const participant = await addParticipant(data, project.id, {
		code: 'P-007',
		municipality: 'Hamarøy',
		attributes: { bosted: attribute },
		consent: { status: 'given', date: '2026-09-01', scope: ['notes', 'photo', 'quotes'], recordedBy: 'user-a' }
	});
	const session = await data.repos.sessions.create(project.id, { kind: 'interview', title: 'Samtale på Fyret', date: '2026-09-14' });
	const quote = await data.repos.entries.create(project.id, { kind: 'quote', text: phrase, participantId: participant.id, sessionId: session.id });
	const notes = await openNoteStore(data, project.id, session.id, { textDebounceMs: 0 });
	const fragment = noteFragment(notes.doc);
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText('Notat: hun sa at ' + phrase)]);
	fragment.insert(0, [paragraph]);
	await notes.close();
	const photo = await storeAttachment(data, project.id, { kind: 'photo', sessionId: session.id, participantId: participant.id }, new Blob([photoBytes], { type: 'image/jpeg' }));
	return { project, participant, session, quote, photo };
}

describe('encryption at rest', () => {
	it('writes ciphertext: the phrase, the attribute and the photo bytes are nowhere in the raw database', async () => {
		setActiveDataKey(randomBytes(32));
		t = openTestData();
		await capture(t);
		expect(await t.db.outbox.count()).toBeGreaterThan(0);
		expect(await t.db.noteUpdates.count()).toBeGreaterThan(0);
		expect(await rawHits(t.db.name, phrase)).toEqual([]);
		expect(await rawHits(t.db.name, 'Notat: hun sa')).toEqual([]);
		expect(await rawHits(t.db.name, attribute)).toEqual([]);
		expect(await rawHits(t.db.name, 'Hamarøy')).toEqual([]);
		expect(await rawHits(t.db.name, photoBytes)).toEqual([]);
		// Every row of every table is sealed, whatever its table.
		const records = await rawRecords(t.db.name);
		expect(records.filter((r) => !(r.value as Record<string, unknown>)[sealedField]).map((r) => r.store)).toEqual([]);
	});

	it('reads plain rows back, and queries on indexes (simple and compound) still find them', async () => {
		setActiveDataKey(randomBytes(32));
		t = openTestData();
		const { project, participant, session, quote, photo } = await capture(t);
		expect((await t.repos.entries.get(quote.id))?.text).toBe(phrase);
		expect((await t.db.participants.where('[projectId+code]').equals([project.id, 'P-007']).first())?.attributes).toEqual({ bosted: attribute });
		expect((await t.db.entries.where('[projectId+kind]').equals([project.id, 'quote']).toArray()).map((e) => e.text)).toEqual([phrase]);
		expect((await t.db.entries.where('participantId').equals(participant.id).toArray()).map((e) => e.id)).toEqual([quote.id]);
		// Through a cursor (each, filter), too.
		const viaCursor: string[] = [];
		await t.db.entries.where('projectId').equals(project.id).each((e) => viaCursor.push(e.text));
		expect(viaCursor).toEqual([phrase]);
		expect((await t.db.notes.where('sessionId').equals(session.id).first())?.text).toContain(phrase);
		// An update (modify under the hood) keeps the row whole.
		await t.repos.entries.update(quote.id, { text: phrase + '!' });
		expect(await t.repos.entries.get(quote.id)).toMatchObject({ text: phrase + '!', kind: 'quote', participantId: participant.id });
		const blob = await loadAttachmentBlob(t, photo);
		expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(photoBytes);
		expect(blob!.type).toBe('image/jpeg');
	});

	it('keeps clear only the primary key and the fields indexes need', async () => {
		t = openTestData();
		await t.db.open();
		const entries = t.db.core.table('entries').schema;
		expect([...clearFields(entries)].sort()).toEqual(['highlightId', 'id', 'kind', 'participantId', 'projectId', 'reviewStatus', 'sessionId']);
		expect([...clearFields(t.db.core.table('outbox').schema)].sort()).toEqual(['hlc', 'opId', 'projectId', 'rowId', 'table']);
		expect([...clearFields(t.db.core.table('blobs').schema)].sort()).toEqual(['blob', 'sha256', 'uploaded']);
	});

	it('refuses to read a sealed row without the key, and leaves rows written before a PIN readable', async () => {
		t = openTestData();
		const project = await createProject(t.ctx, t.repos, { name: 'Før PIN', language: 'nb', template: 'empty' });
		setActiveDataKey(randomBytes(32));
		const quote = await t.repos.entries.create(project.id, { kind: 'quote', text: phrase });
		setActiveDataKey(null);
		// The project was written plain (before the PIN): still readable; the quote is not.
		expect((await t.repos.projects.get(project.id))?.name).toBe('Før PIN');
		await expect(t.repos.entries.get(quote.id)).rejects.toBeInstanceOf(LockedError);
		// A wrong key does not give a wrong row: it fails.
		setActiveDataKey(randomBytes(32));
		await expect(t.repos.entries.get(quote.id)).rejects.toThrow();
	});

	it('seals rows with XChaCha20-Poly1305 under a derived row key, and still opens rows the first release sealed with AES-GCM', async () => {
		const key = randomBytes(32);
		const sealed = sealValue(key, { text: phrase });
		expect(openValue(key, sealed)).toEqual({ text: phrase });
		// Not AES-GCM under the data key: the data key itself never seals a row now.
		expect(() => gcm(key, sealed.subarray(0, 12)).decrypt(sealed.subarray(12))).toThrow();
		expect(() => openValue(randomBytes(32), sealed)).toThrow();

		// A row as the first release stored it, read through the app and rewritten in the new form.
		setActiveDataKey(key);
		t = openTestData();
		const project = await createProject(t.ctx, t.repos, { name: 'Fjordvik', language: 'nb', template: 'empty' });
		const quote = await t.repos.entries.create(project.id, { kind: 'quote', text: phrase });
		await t.db.open();
		const idbdb = t.db.backendDB();
		const raw = await new Promise<Record<string, unknown>>((resolve) => {
			const req = idbdb.transaction('entries').objectStore('entries').get(quote.id);
			req.onsuccess = () => resolve(req.result);
		});
		const { [sealedField]: _now, ...clear } = raw;
		const legacy = { ...clear, [legacySealedField]: sealLegacyValue(key, { text: phrase, createdBy: 'user-a' }) };
		await new Promise((resolve) => {
			const tx = idbdb.transaction('entries', 'readwrite');
			tx.objectStore('entries').put(legacy);
			tx.oncomplete = resolve;
		});
		expect(await t.repos.entries.get(quote.id)).toMatchObject({ text: phrase, kind: 'quote' });
		await t.repos.entries.update(quote.id, { text: phrase + '!' });
		const rewritten = (await rawRecords(t.db.name)).find((r) => r.store === 'entries' && (r.value as { id: string }).id === quote.id)!.value as Record<string, unknown>;
		expect(rewritten[sealedField]).toBeInstanceOf(Uint8Array);
		expect(rewritten[legacySealedField]).toBeUndefined();
		expect((await t.repos.entries.get(quote.id))?.text).toBe(phrase + '!');
	});
});
