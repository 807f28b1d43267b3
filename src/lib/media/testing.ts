/* Test doubles and fixtures for the media modules (Node has no microphone). Not used by the app. */
import Dexie from 'dexie';
import { createProject } from '$lib/data/projects';
import { openTestData, type TestData } from '$lib/data/testing';
import { partialPrefix } from './chunks';

/** A fresh database with a project and an interview session. */
export async function openMediaTestData(): Promise<{ t: TestData; projectId: string; sessionId: string }> {
	const t = openTestData();
	const project = await createProject(t.ctx, t.repos, { name: 'Fjordvik', language: 'nb', template: 'empty' });
	const session = await t.repos.sessions.create(project.id, { kind: 'interview', title: 'Samtale på Fyret', date: '2026-09-14' });
	return { t, projectId: project.id, sessionId: session.id };
}

/**
 * Makes every put into `blobs` after the first `okPuts` fail the way a full disk
 * does, until `full` is set to false. Wraps the table method, as the brief for the
 * quota path asks: the database itself is untouched.
 */
export function fillDiskAfter(data: TestData, okPuts: number, error: () => unknown = quotaError): { full: boolean } {
	const table = data.db.blobs;
	const realPut = table.put.bind(table);
	let puts = 0;
	const state = { full: true };
	table.put = ((...args: Parameters<typeof realPut>) => {
		puts++;
		if (state.full && puts > okPuts) return Dexie.Promise.reject(error());
		return realPut(...args);
	}) as typeof table.put;
	return state;
}

/** Keys of every in-progress chunk on the device. */
export async function partialKeys(data: TestData): Promise<string[]> {
	return (await data.db.blobs.where('sha256').startsWith(partialPrefix).primaryKeys()) as string[];
}

/** A MediaRecorder that emits the chunks a test hands it. */
export class FakeMediaRecorder extends EventTarget {
	static supported = new Set(['audio/webm;codecs=opus', 'audio/webm']);
	static isTypeSupported(type: string): boolean {
		return FakeMediaRecorder.supported.has(type);
	}
	static last: FakeMediaRecorder | null = null;

	state: RecordingState = 'inactive';
	readonly mimeType: string;
	timeslice: number | undefined;
	/** What the final dataavailable (on stop) carries; empty sends none. */
	tail = 'tail';

	constructor(
		readonly stream: MediaStream,
		readonly options: MediaRecorderOptions = {}
	) {
		super();
		this.mimeType = options.mimeType ?? '';
		FakeMediaRecorder.last = this;
	}

	start(timeslice?: number): void {
		this.state = 'recording';
		this.timeslice = timeslice;
		queueMicrotask(() => this.dispatchEvent(new Event('start')));
	}

	emit(content: string): void {
		const event = Object.assign(new Event('dataavailable'), { data: new Blob([content], { type: this.mimeType || 'audio/webm' }) });
		this.dispatchEvent(event);
	}

	stop(): void {
		if (this.state === 'inactive') return;
		this.state = 'inactive';
		queueMicrotask(() => {
			if (this.tail) this.emit(this.tail);
			this.dispatchEvent(new Event('stop'));
		});
	}
}

export function fakeStream(): MediaStream & { stopped: () => boolean } {
	let stopped = false;
	const track = Object.assign(new EventTarget(), { kind: 'audio', stop: () => (stopped = true) });
	return { getTracks: () => [track], stopped: () => stopped } as unknown as MediaStream & { stopped: () => boolean };
}

export function quotaError(): Error {
	return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}
