/**
 * The device's side of the live channel: one Server-Sent Events stream per shared
 * project while online (`GET /api/projects/:id/live`). The server says only "the log now
 * reaches N"; when that is past the device's cursor, `onAhead` asks for a sync. Pull and
 * push stay the source of truth, so a missed event costs latency, never data.
 *
 * The browser's EventSource reconnects by itself after a drop (the server says `retry:
 * 3000`). A stream the server refuses (signed out, not a member) or a proxy that breaks
 * it ends for good: the channel reports `fallback` (the timer keeps syncing, the UI says
 * "ikke direkte") and tries again at the next `follow` after `RETRY_CLOSED_MS`.
 */
import { presenceListSchema, type PresenceEntry } from './presenceWire';

export type LiveState = 'off' | 'connecting' | 'live' | 'fallback';

/** What the channel needs of an EventSource (the browser's, or a test's). */
export interface EventSourceLike {
	readonly readyState: number;
	addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
	close(): void;
	onerror: ((event: Event) => void) | null;
	onopen: ((event: Event) => void) | null;
}

export interface LiveChannelOptions {
	onAhead: (projectId: string, seq: number) => void;
	onState?: (state: LiveState) => void;
	/** Who is in the project now (the stream's `presence` event). */
	onPresence?: (projectId: string, here: PresenceEntry[]) => void;
	open?: (url: string) => EventSourceLike;
	now?: () => number;
}

const OPEN = 1;
const CLOSED = 2;
export const RETRY_CLOSED_MS = 60_000;

interface Stream {
	source: EventSourceLike;
	closedAt: number | null;
}

export class LiveChannel {
	private readonly streams = new Map<string, Stream>();
	private state: LiveState = 'off';
	private readonly open: (url: string) => EventSourceLike;
	private readonly now: () => number;

	constructor(private readonly options: LiveChannelOptions) {
		this.open = options.open ?? ((url) => new EventSource(url) as unknown as EventSourceLike);
		this.now = options.now ?? Date.now;
	}

	/** Holds a stream for exactly these projects (none: offline, signed out, or nothing shared). */
	follow(projectIds: readonly string[]): void {
		const wanted = new Set(projectIds);
		for (const [id, stream] of this.streams) {
			if (!wanted.has(id)) {
				stream.source.close();
				this.streams.delete(id);
			}
		}
		for (const id of wanted) {
			const held = this.streams.get(id);
			if (held && (held.closedAt === null || this.now() - held.closedAt < RETRY_CLOSED_MS)) continue;
			held?.source.close();
			this.streams.set(id, this.connect(id));
		}
		this.report();
	}

	stop(): void {
		this.follow([]);
	}

	get current(): LiveState {
		return this.state;
	}

	private connect(projectId: string): Stream {
		const source = this.open(`/api/projects/${encodeURIComponent(projectId)}/live`);
		const stream: Stream = { source, closedAt: null };
		const ahead = (event: MessageEvent<string>) => {
			try {
				const { seq } = JSON.parse(event.data) as { seq?: unknown };
				if (typeof seq === 'number' && Number.isSafeInteger(seq)) this.options.onAhead(projectId, seq);
			} catch {
				// Not ours to understand: the timer still syncs.
			}
		};
		source.addEventListener('hello', ahead);
		source.addEventListener('change', ahead);
		source.addEventListener('presence', (event: MessageEvent<string>) => {
			try {
				const parsed = presenceListSchema.safeParse(JSON.parse(event.data));
				if (parsed.success) this.options.onPresence?.(projectId, parsed.data.here);
			} catch {
				// Not ours to understand: presence is a nicety, the reports still answer with it.
			}
		});
		source.onopen = () => {
			stream.closedAt = null;
			this.report();
		};
		source.onerror = () => {
			// CONNECTING: the browser retries by itself. CLOSED: refused or broken for good.
			if (source.readyState === CLOSED) stream.closedAt = this.now();
			this.report();
		};
		return stream;
	}

	private report(): void {
		const all = [...this.streams.values()];
		const next: LiveState =
			all.length === 0 ? 'off' : all.some((s) => s.closedAt !== null) ? 'fallback' : all.every((s) => s.source.readyState === OPEN) ? 'live' : 'connecting';
		if (next === this.state) return;
		this.state = next;
		this.options.onState?.(next);
	}
}
