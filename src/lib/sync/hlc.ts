/**
 * Hybrid logical clock (Kulkarni et al.), as in Actual Budget: wall time where
 * possible, a counter where clocks stall or go backwards, and the node id to
 * break ties. Stamps are fixed-width strings so they compare with `<`.
 *
 *   000001732350000000:0000:3f9a0c1b2d4e5f60
 *   └ millis (15 digits) ┘ └counter┘ └ node ┘
 */
export interface Hlc {
	millis: number;
	counter: number;
	node: string;
}

export const MAX_COUNTER = 0xffff;
/** A remote stamp further ahead than this is refused: a tablet with a wrong clock must not win every edit for days. */
export const MAX_DRIFT_MS = 5 * 60 * 1000;

export class ClockDriftError extends Error {
	constructor(readonly remoteMillis: number, readonly localMillis: number) {
		super(`Clock drift too large: remote ${remoteMillis}, local ${localMillis}`);
	}
}

export function formatHlc({ millis, counter, node }: Hlc): string {
	return `${String(millis).padStart(15, '0')}:${counter.toString(16).padStart(4, '0')}:${node}`;
}

export function parseHlc(stamp: string): Hlc {
	const m = /^(\d{15}):([0-9a-f]{4}):([0-9a-z-]{1,64})$/.exec(stamp);
	if (!m) throw new Error(`Not an HLC stamp: ${stamp}`);
	return { millis: Number(m[1]), counter: parseInt(m[2], 16), node: m[3] };
}

export function isHlc(stamp: unknown): stamp is string {
	return typeof stamp === 'string' && /^\d{15}:[0-9a-f]{4}:[0-9a-z-]{1,64}$/.test(stamp);
}

export class HybridClock {
	private last: Hlc;

	constructor(
		readonly node: string,
		private readonly now: () => number = Date.now,
		start?: string
	) {
		this.last = start ? parseHlc(start) : { millis: 0, counter: 0, node };
	}

	/** A stamp for a local event, strictly greater than every stamp seen so far. */
	tick(): string {
		const wall = this.now();
		if (wall > this.last.millis) this.last = { millis: wall, counter: 0, node: this.node };
		else this.last = this.bump(this.last.millis, this.last.counter + 1);
		return formatHlc(this.last);
	}

	/** Fold in a stamp from another node so our next stamp orders after it; refuses one too far ahead. */
	receive(remoteStamp: string): void {
		const remote = parseHlc(remoteStamp);
		const wall = this.now();
		if (remote.millis - wall > MAX_DRIFT_MS) throw new ClockDriftError(remote.millis, wall);
		this.observe(remoteStamp);
	}

	/**
	 * Fold in a stamp the device already holds (a pulled value the server
	 * accepted, a row about to be edited): the next local stamp must order after
	 * it, or a local edit could lose to the very value it replaces.
	 */
	observe(stamp: string): void {
		const remote = parseHlc(stamp);
		const wall = this.now();
		const millis = Math.max(wall, this.last.millis, remote.millis);
		let counter = 0;
		if (millis === this.last.millis && millis === remote.millis) counter = Math.max(this.last.counter, remote.counter) + 1;
		else if (millis === this.last.millis) counter = this.last.counter + 1;
		else if (millis === remote.millis) counter = remote.counter + 1;
		this.last = this.bump(millis, counter);
	}

	current(): string {
		return formatHlc(this.last);
	}

	private bump(millis: number, counter: number): Hlc {
		// Counter overflow means >65k events in one millisecond: borrow the next millisecond.
		if (counter > MAX_COUNTER) return { millis: millis + 1, counter: 0, node: this.node };
		return { millis, counter, node: this.node };
	}
}
