import type { LiveHub, LiveStream } from './hub';

/** How often an open stream says it is alive and re-checks that its reader may still read. */
export const HEARTBEAT_MS = 20_000;

export interface LiveStreamOptions {
	hub: LiveHub;
	projectId: string;
	userId: string;
	session: string;
	/** Where the project's log is now: sent first, so a tablet that reconnects knows at once whether to pull. */
	top: number;
	/** Asked at every heartbeat: a signed-out, disabled or removed member's stream ends there. */
	stillAllowed: () => Promise<boolean>;
	heartbeatMs?: number;
}

/**
 * A Server-Sent Events response for one tablet and one project:
 * `event: hello` with the log's top, then `event: change` whenever a push commits
 * (`id` is the sequence number), `event: presence` with who is in the project whenever
 * that changes (first right after hello), and a comment line at every heartbeat so proxies and
 * the tablet see the stream alive. `retry` tells the browser to reconnect after 3 s.
 */
export function liveStreamResponse(options: LiveStreamOptions): Response {
	const { hub, projectId, userId, session, top, stillAllowed, heartbeatMs = HEARTBEAT_MS } = options;
	const encoder = new TextEncoder();
	let heartbeat: ReturnType<typeof setInterval> | undefined;
	let remove: () => void = () => {};
	let ended = false;
	const stop = () => {
		ended = true;
		clearInterval(heartbeat);
		remove();
	};
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			const write = (text: string) => {
				if (ended) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					stop();
				}
			};
			const stream: LiveStream = {
				projectId,
				userId,
				session,
				send: (seq) => write(`id: ${seq}\nevent: change\ndata: {"seq":${seq}}\n\n`),
				// No `id`: presence is not part of the log, so it must not move the resume point.
				presence: (here) => write(`event: presence\ndata: ${JSON.stringify({ here })}\n\n`),
				close: () => {
					if (ended) return;
					stop();
					try {
						controller.close();
					} catch {
						// Already closed by the reader.
					}
				}
			};
			remove = hub.add(stream);
			write(`retry: 3000\nid: ${top}\nevent: hello\ndata: {"seq":${top}}\n\n`);
			stream.presence(hub.here(projectId));
			heartbeat = setInterval(() => {
				void stillAllowed()
					.then((allowed) => (allowed ? write(': ping\n\n') : stream.close()))
					.catch(() => write(': ping\n\n'));
			}, heartbeatMs);
		},
		cancel() {
			stop();
		}
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			// nginx and similar proxies pass the stream through instead of buffering it.
			'x-accel-buffering': 'no'
		}
	});
}
