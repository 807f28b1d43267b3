import { afterEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import type { TestData } from '$lib/data/testing';
import type { Attachment } from '$lib/domain/attachment';
import { newId } from '$lib/domain/ids';
import { AudioRecording, ChunkWriter, type RecordingProblem } from './audioRecorder';
import { partialKey } from './chunks';
import { countChunks, readChunks } from './chunkStore';
import { finishRecording } from './mediaStore';
import { FakeMediaRecorder, fakeStream, fillDiskAfter, openMediaTestData, partialKeys, quotaError } from './testing';

let t: TestData;
afterEach(() => t?.db.close());

async function setup() {
	const fixture = await openMediaTestData();
	t = fixture.t;
	return fixture;
}

describe('ChunkWriter', () => {
	it('saves chunks in order as they arrive', async () => {
		const { projectId, sessionId } = await setup();
		const attachmentId = newId();
		const writer = new ChunkWriter(t.db, { attachmentId, projectId, sessionId, mime: 'audio/webm;codecs=opus' });
		writer.append(new Blob(['one']), 1000);
		writer.append(new Blob([]), 1500);
		writer.append(new Blob(['two']), 2000);
		await writer.flushed();
		const chunks = await readChunks(t.db, attachmentId);
		expect(chunks.map((c) => [c.sha256, c.size, c.uploaded, c.recording.seq, c.recording.elapsedMs])).toEqual([
			[partialKey(attachmentId, 0), 3, 0, 0, 1000],
			[partialKey(attachmentId, 1), 3, 0, 1, 2000]
		]);
		expect([writer.saved, writer.bytes, writer.savedElapsedMs]).toEqual([2, 6, 2000]);
	});

	it('keeps every chunk saved before the disk filled up, and the recording still becomes an attachment', async () => {
		const { projectId, sessionId } = await setup();
		const attachmentId = newId();
		const disk = fillDiskAfter(t, 2);
		const failures: unknown[] = [];
		const writer = new ChunkWriter(t.db, { attachmentId, projectId, sessionId, mime: 'audio/webm' }, { onFailure: (e) => failures.push(e) });
		for (const [i, text] of ['AAAA', 'BBBB', 'CCCC', 'DDDD'].entries()) writer.append(new Blob([text]), (i + 1) * 1000);
		await writer.flushed();

		expect(failures).toHaveLength(1);
		expect((failures[0] as Error).name).toBe('QuotaExceededError');
		// Nothing after the failed chunk is written either: a gap would not play.
		expect(await partialKeys(t)).toEqual([partialKey(attachmentId, 0), partialKey(attachmentId, 1)]);
		expect(writer.savedElapsedMs).toBe(2000);

		disk.full = false;
		const attachment = await finishRecording(t, attachmentId, { durationMs: writer.savedElapsedMs });
		expect(attachment).toMatchObject({ id: attachmentId, kind: 'audio', size: 8, durationMs: 2000, sessionId });
		expect(await (await t.db.blobs.get(attachment!.sha256))!.blob.text()).toBe('AAAABBBB');
		expect(await partialKeys(t)).toEqual([]);
	});
});

describe('AudioRecording', () => {
	function recorderOptions(projectId: string, sessionId: string, clock: { now: number }) {
		return {
			data: t,
			projectId,
			sessionId,
			attachmentId: newId(),
			now: () => clock.now,
			getUserMedia: async () => fakeStream(),
			MediaRecorder: FakeMediaRecorder,
			locks: null
		};
	}

	it('records a chunk a second into IndexedDB and makes one audio attachment on stop', async () => {
		const { projectId, sessionId } = await setup();
		const clock = { now: 10_000 };
		const starts: number[] = [];
		const options = { ...recorderOptions(projectId, sessionId, clock), onStart: (at: number) => starts.push(at) };
		const recording = await AudioRecording.start(options);
		const recorder = FakeMediaRecorder.last!;
		expect(recorder.mimeType).toBe('audio/webm;codecs=opus');
		expect(recorder.timeslice).toBe(1000);
		expect(recorder.options.audioBitsPerSecond).toBe(32_000);
		expect(starts).toEqual([10_000]);

		clock.now = 11_000;
		recorder.emit('first-');
		clock.now = 12_000;
		recorder.emit('second-');
		await vi.waitFor(async () => expect(await countChunks(t.db, options.attachmentId)).toBe(2));

		clock.now = 13_000;
		const attachment = await recording.stop();
		expect(attachment).toMatchObject({
			id: options.attachmentId,
			kind: 'audio',
			sessionId,
			mime: 'audio/webm;codecs=opus',
			durationMs: 3000,
			size: 'first-second-tail'.length
		});
		expect(await (await t.db.blobs.get(attachment!.sha256))!.blob.text()).toBe('first-second-tail');
		expect(await partialKeys(t)).toEqual([]);
		expect((recorder.stream as ReturnType<typeof fakeStream>).stopped()).toBe(true);
		expect(await recording.stop()).toBe(attachment);
	});

	it('stops cleanly on a full disk and keeps what was saved as the attachment', async () => {
		const { projectId, sessionId } = await setup();
		const clock = { now: 0 };
		const disk = fillDiskAfter(t, 2, () => new Dexie.QuotaExceededError('QuotaExceededError', quotaError()));
		const interrupted: { problem: RecordingProblem; finished: Promise<unknown> }[] = [];
		const options = {
			...recorderOptions(projectId, sessionId, clock),
			onInterrupted: (problem: RecordingProblem, finished: Promise<unknown>) => {
				// The full disk is noticed; then (the researcher freed space or the blob fits) saving goes on.
				disk.full = false;
				interrupted.push({ problem, finished });
			}
		};
		const recording = await AudioRecording.start(options);
		const recorder = FakeMediaRecorder.last!;
		for (const [i, text] of ['AAAA', 'BBBB', 'CCCC'].entries()) {
			clock.now = (i + 1) * 1000;
			recorder.emit(text);
		}
		await vi.waitFor(() => expect(interrupted.map((i) => i.problem)).toEqual(['diskFull']));
		expect(recorder.state).toBe('inactive');
		const attachment = await interrupted[0].finished;
		expect(attachment).toMatchObject({ kind: 'audio', size: 8, durationMs: 2000 });
		expect(await recording.stop()).toBe(attachment);
		expect(await t.db.attachments.count()).toBe(1);
	});

	it('on a disk that stays full, still stops cleanly and keeps what was saved as an attachment', async () => {
		const { projectId, sessionId } = await setup();
		const clock = { now: 0 };
		fillDiskAfter(t, 2);
		const problems: RecordingProblem[] = [];
		let finished: Promise<Attachment | null> | null = null;
		await AudioRecording.start({
			...recorderOptions(projectId, sessionId, clock),
			onInterrupted: (problem, done) => {
				problems.push(problem);
				finished = done;
			}
		});
		const recorder = FakeMediaRecorder.last!;
		for (const [i, text] of ['AAAA', 'BBBB', 'CCCC', 'DDDD'].entries()) {
			clock.now = (i + 1) * 1000;
			recorder.emit(text);
		}
		await vi.waitFor(() => expect(problems).toEqual(['diskFull']));
		const attachment = await finished!;
		expect(attachment).toMatchObject({ kind: 'audio', size: 8, durationMs: 2000, sessionId });
		// The two chunks saved before the disk filled are the recording's bytes until there is room to move them.
		expect(await partialKeys(t)).toEqual([partialKey(attachment!.id, 0), partialKey(attachment!.id, 1)]);
		expect((recorder.stream as ReturnType<typeof fakeStream>).stopped()).toBe(true);
	});
});
