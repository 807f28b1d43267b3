import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readProjectSnapshot } from '$lib/data/exchange';
import { createProject } from '$lib/data/projects';
import { importQdpxProject } from '$lib/data/qdpxImport';
import { openTestData } from '$lib/data/testing';
import { exportQdpx } from '../qdpx';
import { readQdpxProject } from '../qdpxRead';
import { parseXml, schemaErrors } from './fixtures';

type Node = Record<string, unknown>;
const all = (node: unknown, name: string): Node[] => ((node as Node | undefined)?.[name] as Node[] | undefined) ?? [];

/** The first bytes of an AAC-in-MP4 (.m4a) file and of an MP3 with an ID3 tag, padded: what the import sniffs. */
const m4a = new Uint8Array([0, 0, 0, 0x20, ...new TextEncoder().encode('ftypM4A '), ...new Uint8Array(500).fill(7)]);
const mp3 = new Uint8Array([...new TextEncoder().encode('ID3'), 4, 0, 0, ...new Uint8Array(500).fill(9)]);

describe('audio in a .qdpx, as QualCoder takes it', () => {
	it('exports AAC (audio/mp4) as .m4a and MP3 (audio/mpeg) as .mp3, in the source name and the file, and imports them back', async () => {
		const data = openTestData();
		const { ctx, repos, db } = data;
		const project = await createProject(ctx, repos, { name: 'Lyd', language: 'nb', template: 'empty' });
		const session = await repos.sessions.create(project.id, { kind: 'interview', title: 'Samtale', date: '2026-10-01' });
		for (const [bytes, mime] of [
			[m4a, 'audio/mp4;codecs="mp4a.40.2"'],
			[mp3, 'audio/mpeg']
		] as const) {
			const sha256 = createHash('sha256').update(bytes).digest('hex');
			await db.blobs.put({ sha256, blob: new Blob([bytes], { type: mime }), size: bytes.length, mime, uploaded: 0 });
			await repos.attachments.create(project.id, { kind: 'audio', sessionId: session.id, sha256, size: bytes.length, mime });
		}
		const { bytes } = await exportQdpx(await readProjectSnapshot(data, project.id));
		const files = unzipSync(bytes);
		const qde = strFromU8(files['project.qde']);
		expect(await schemaErrors(qde, 'Project.xsd')).toEqual([]);
		const audio = all(all(all(parseXml(qde), 'Project')[0], 'Sources')[0], 'AudioSource');
		const ends = audio.map((a) => [/\.(\w+)$/.exec(String(a.name))![1], /\.(\w+)$/.exec(String(a.path))![1]]).sort();
		expect(ends).toEqual([
			['m4a', 'm4a'],
			['mp3', 'mp3']
		]);
		for (const a of audio) expect(files[`sources/${String(a.path).replace('internal://', '')}`]).toBeDefined();

		const fresh = openTestData();
		const summary = await importQdpxProject(fresh, readQdpxProject(bytes), { language: 'nb', fallbackName: 'x' });
		expect(summary.attachments).toBe(2);
		const mimes = (await fresh.db.attachments.toArray()).map((a) => [a.kind, a.mime]).sort();
		expect(mimes).toEqual([
			['audio', 'audio/mp4'],
			['audio', 'audio/mpeg']
		]);
	});
});
