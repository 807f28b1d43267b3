import type { Attachment } from '$lib/domain/attachment';
import { pickAudioMime, recordedMime } from './audioMime';
import { putChunk, type ChunkDb, type RecordingMeta } from './chunkStore';
import { finishRecording, type MediaData } from './mediaStore';
import { isQuotaExceeded } from './quota';
import { defaultLocks, holdLock, recordingLockName, type Locks } from './recordingLock';

/** Why a recording could not start or stopped by itself; each has a message for the researcher. */
export type RecordingProblem = 'unsupported' | 'micDenied' | 'micUnavailable' | 'diskFull' | 'writeFailed' | 'recorderFailed';

export class RecordingError extends Error {
	constructor(
		readonly problem: RecordingProblem,
		readonly cause?: unknown
	) {
		super(`Recording failed: ${problem}`);
		this.name = 'RecordingError';
	}
}

/** About a second of audio per chunk: the most a crash can lose. */
export const defaultTimesliceMs = 1000;
/** Speech in Opus is clear at 32 kbit/s: about 14 MB an hour, so a full day fits on any tablet. */
export const defaultAudioBitsPerSecond = 32_000;

/**
 * Saves a recording's chunks in order, one write at a time, as they arrive. After
 * the first failed write it saves nothing more – a later chunk without the one
 * before it would not play – and reports the failure once.
 */
export class ChunkWriter {
	private nextSeq = 0;
	private queue: Promise<void> = Promise.resolve();
	saved = 0;
	bytes = 0;
	/** How far into the recording the saved chunks reach. */
	savedElapsedMs = 0;
	failure: unknown = null;

	constructor(
		private readonly db: ChunkDb,
		readonly meta: RecordingMeta,
		private readonly hooks: { onFailure?: (error: unknown) => void; onSaved?: (bytes: number) => void } = {}
	) {}

	append(blob: Blob, elapsedMs: number): void {
		if (this.failure !== null || blob.size === 0) return;
		// A recorder asked to choose its own format says which one in the data.
		if (!this.meta.mime) this.meta.mime = recordedMime(blob.type);
		const seq = this.nextSeq++;
		const meta = { ...this.meta };
		this.queue = this.queue.then(async () => {
			if (this.failure !== null) return;
			try {
				await putChunk(this.db, meta, seq, blob, elapsedMs);
				this.saved++;
				this.bytes += blob.size;
				this.savedElapsedMs = Math.max(this.savedElapsedMs, Math.round(elapsedMs));
			} catch (error) {
				this.failure = error ?? new Error('write failed');
				this.hooks.onFailure?.(error);
				return;
			}
			this.hooks.onSaved?.(this.bytes);
		});
	}

	/** Resolves when every chunk handed over so far is saved (or given up on). */
	flushed(): Promise<void> {
		return this.queue;
	}
}

/** The part of MediaRecorder this uses (so a test can stand in for the microphone). */
export type RecorderLike = EventTarget & Pick<MediaRecorder, 'state' | 'mimeType' | 'start' | 'stop'>;
type RecorderConstructor = {
	new (stream: MediaStream, options?: MediaRecorderOptions): RecorderLike;
	isTypeSupported?(type: string): boolean;
};

export interface AudioRecordingOptions {
	data: MediaData;
	projectId: string;
	sessionId: string;
	/** Chosen up front so notes taken while recording can point at it. */
	attachmentId: string;
	timesliceMs?: number;
	audioBitsPerSecond?: number;
	/** The recorder is running: offsets count from `startedAt` (on the `now` clock). */
	onStart?: (startedAt: number) => void;
	/** It stopped by itself (disk full, microphone gone); `finished` settles like `stop()`. */
	onInterrupted?: (problem: RecordingProblem, finished: Promise<Attachment | null>) => void;
	/** Each chunk saved: for a running byte count. */
	onSaved?: (bytes: number) => void;
	now?: () => number;
	getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
	MediaRecorder?: RecorderConstructor;
	locks?: Locks;
}

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: () => T): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			try {
				resolve(fallback());
			} catch (error) {
				reject(error);
			}
		}, ms);
		promise.then(
			(v) => {
				clearTimeout(timer);
				resolve(v);
			},
			(e) => {
				clearTimeout(timer);
				reject(e);
			}
		);
	});
}

/**
 * One audio recording: microphone → MediaRecorder → a chunk in IndexedDB every
 * second → on stop, one attachment. Whatever happens after `start` resolves, the
 * chunks already written are kept and become the attachment.
 */
export class AudioRecording {
	readonly attachmentId: string;
	startedAt = 0;
	private readonly writer: ChunkWriter;
	private stopping: Promise<Attachment | null> | null = null;
	private releaseLock: () => void = () => {};
	private readonly now: () => number;

	private constructor(
		private readonly options: AudioRecordingOptions,
		private readonly stream: MediaStream,
		private readonly recorder: RecorderLike,
		mime: string
	) {
		this.attachmentId = options.attachmentId;
		this.now = options.now ?? (() => performance.now());
		const meta: RecordingMeta = { attachmentId: options.attachmentId, projectId: options.projectId, sessionId: options.sessionId, mime };
		this.writer = new ChunkWriter(options.data.db, meta, {
			onFailure: (error) => this.interrupt(isQuotaExceeded(error) ? 'diskFull' : 'writeFailed'),
			onSaved: options.onSaved
		});
	}

	/** Asks for the microphone and starts recording. Throws a RecordingError when it cannot. */
	static async start(options: AudioRecordingOptions): Promise<AudioRecording> {
		const Recorder = options.MediaRecorder ?? (typeof MediaRecorder === 'undefined' ? undefined : MediaRecorder);
		const getUserMedia =
			options.getUserMedia ??
			(typeof navigator !== 'undefined' && navigator.mediaDevices?.getUserMedia ? navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices) : undefined);
		if (!Recorder || !getUserMedia) throw new RecordingError('unsupported');

		let stream: MediaStream;
		try {
			stream = await getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
		} catch (error) {
			const name = (error as { name?: string } | null)?.name;
			throw new RecordingError(name === 'NotAllowedError' || name === 'SecurityError' ? 'micDenied' : 'micUnavailable', error);
		}

		const requested = pickAudioMime(Recorder.isTypeSupported?.bind(Recorder));
		let recorder: RecorderLike;
		try {
			recorder = new Recorder(stream, {
				...(requested ? { mimeType: requested } : {}),
				audioBitsPerSecond: options.audioBitsPerSecond ?? defaultAudioBitsPerSecond
			});
		} catch (error) {
			for (const track of stream.getTracks()) track.stop();
			throw new RecordingError('unsupported', error);
		}
		const recording = new AudioRecording(options, stream, recorder, recorder.mimeType || requested);
		await recording.begin();
		return recording;
	}

	private async begin(): Promise<void> {
		const { recorder, stream, writer } = this;
		this.releaseLock = await holdLock(this.options.locks === undefined ? defaultLocks() : this.options.locks, recordingLockName(this.attachmentId));
		recorder.addEventListener('dataavailable', (event) => {
			const data = (event as BlobEvent).data;
			if (!data) return;
			writer.append(data, this.now() - this.startedAt);
		});
		recorder.addEventListener('error', () => this.interrupt('recorderFailed'));
		for (const track of stream.getTracks()) track.addEventListener('ended', () => this.interrupt('micUnavailable'));

		const started = new Promise<void>((resolve) => recorder.addEventListener('start', () => resolve(), { once: true }));
		try {
			recorder.start(this.options.timesliceMs ?? defaultTimesliceMs);
			await withTimeout(started, 5000, () => {
				if (recorder.state !== 'recording') throw new RecordingError('recorderFailed');
			});
		} catch (error) {
			for (const track of stream.getTracks()) track.stop();
			this.releaseLock();
			throw error instanceof RecordingError ? error : new RecordingError('recorderFailed', error);
		}
		this.startedAt = this.now();
		this.options.onStart?.(this.startedAt);
	}

	/** Bytes of this recording safely in IndexedDB so far. */
	get bytesSaved(): number {
		return this.writer.bytes;
	}

	get stopped(): boolean {
		return this.stopping !== null;
	}

	/**
	 * Stops and saves: waits for the last chunk, then assembles the attachment.
	 * Resolves to it (or null if nothing was recorded). Calling again returns the same promise.
	 * If saving fails, the chunks stay and the recording is finished on the next visit.
	 */
	stop(): Promise<Attachment | null> {
		this.stopping ??= this.finish();
		return this.stopping;
	}

	private async finish(): Promise<Attachment | null> {
		const { recorder, stream, writer } = this;
		const stoppedAt = this.now();
		if (recorder.state !== 'inactive') {
			const ended = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
			try {
				recorder.stop();
				// The last chunk comes with the stop event; a recorder that never says so is not waited for forever.
				await withTimeout(ended, 5000, () => undefined);
			} catch {
				// Already stopped by the browser: what arrived is what there is.
			}
		}
		for (const track of stream.getTracks()) track.stop();
		await writer.flushed();
		try {
			const durationMs = writer.failure !== null ? writer.savedElapsedMs : Math.round(stoppedAt - this.startedAt);
			return await finishRecording(this.options.data, this.attachmentId, { durationMs });
		} finally {
			this.releaseLock();
		}
	}

	private interrupt(problem: RecordingProblem): void {
		if (this.stopping) return;
		this.options.onInterrupted?.(problem, this.stop());
	}
}
