import { newId } from '$lib/domain/ids';

/**
 * Messages between this device's tabs (the sync leader's status, "sync now" for it).
 * BroadcastChannel where the browser has it; Safari before 15.4 does not, and there
 * each message is written to localStorage, whose `storage` event reaches every other
 * tab of the site (never the writer, as with BroadcastChannel). Messages are plain
 * JSON-able objects (the fallback sends them as JSON).
 */
export interface TabChannel {
	postMessage(message: unknown): void;
	addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
	close(): void;
}

export interface TabChannelEnvironment {
	BroadcastChannel?: typeof BroadcastChannel;
	storage?: Pick<Storage, 'setItem' | 'removeItem'> | null;
	/** Subscribes to the `storage` event; returns what unsubscribes. */
	onStorage?: (listener: (event: Pick<StorageEvent, 'key' | 'newValue'>) => void) => () => void;
}

function browserEnvironment(): TabChannelEnvironment {
	if (typeof window === 'undefined') return {};
	let storage: Storage | null;
	try {
		storage = window.localStorage;
	} catch {
		storage = null; // refused (some private modes)
	}
	return {
		BroadcastChannel: typeof BroadcastChannel === 'undefined' ? undefined : BroadcastChannel,
		storage,
		onStorage: (listener) => {
			window.addEventListener('storage', listener);
			return () => window.removeEventListener('storage', listener);
		}
	};
}

export function channelKey(name: string): string {
	return `feltinnsikt:channel:${name}`;
}

/**
 * Opens the channel, or null where the device offers no way between tabs. It answers as a
 * BroadcastChannel does (`postMessage`, `message` events with `data`), so callers need not
 * know which one they got.
 */
export function openTabChannel(name: string, env: TabChannelEnvironment = browserEnvironment()): TabChannel | null {
	if (env.BroadcastChannel) return new env.BroadcastChannel(name);
	const { storage, onStorage } = env;
	if (!storage || !onStorage) return null;
	const key = channelKey(name);
	const listeners: ((event: MessageEvent) => void)[] = [];
	const stop = onStorage((event) => {
		// The removal right after each write comes as an event too, with no value.
		if (event.key !== key || !event.newValue) return;
		let data: unknown;
		try {
			data = (JSON.parse(event.newValue) as { message: unknown }).message;
		} catch {
			return; // not one of ours
		}
		for (const listener of listeners) listener(new MessageEvent('message', { data }));
	});
	return {
		postMessage(message) {
			try {
				// A fresh id each time: writing the same value twice would fire no event.
				storage.setItem(key, JSON.stringify({ id: newId(), message }));
				storage.removeItem(key);
			} catch {
				// Storage full or refused: the other tabs catch up at their next sync round.
			}
		},
		addEventListener(_type, listener) {
			listeners.push(listener);
		},
		close: stop
	};
}
