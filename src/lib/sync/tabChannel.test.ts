import { describe, expect, it } from 'vitest';
import { openTabChannel, type TabChannelEnvironment } from './tabChannel';

/** Two tabs without BroadcastChannel: one localStorage, whose events reach every tab but the writer. */
function tabsSharingStorage(): [TabChannelEnvironment, TabChannelEnvironment] {
	const items = new Map<string, string>();
	const listeners = new Map<number, (event: { key: string; newValue: string | null }) => void>();
	const env = (tab: number): TabChannelEnvironment => ({
		storage: {
			setItem: (key, value) => {
				items.set(key, value);
				for (const [other, listener] of listeners) if (other !== tab) listener({ key, newValue: value });
			},
			removeItem: (key) => {
				items.delete(key);
				for (const [other, listener] of listeners) if (other !== tab) listener({ key, newValue: null });
			}
		},
		onStorage: (listener) => {
			listeners.set(tab, listener);
			return () => listeners.delete(tab);
		}
	});
	return [env(1), env(2)];
}

describe('tab channel', () => {
	it('passes messages between tabs through localStorage where BroadcastChannel is missing', () => {
		const [first, second] = tabsSharingStorage();
		const a = openTabChannel('sync', first)!;
		const b = openTabChannel('sync', second)!;
		const atA: unknown[] = [];
		const atB: unknown[] = [];
		a.addEventListener('message', (event) => atA.push(event.data));
		b.addEventListener('message', (event) => atB.push(event.data));
		a.postMessage({ type: 'syncNow' });
		a.postMessage({ type: 'syncNow' });
		b.postMessage({ type: 'status', status: { phase: 'idle' } });
		expect(atB).toEqual([{ type: 'syncNow' }, { type: 'syncNow' }]);
		expect(atA).toEqual([{ type: 'status', status: { phase: 'idle' } }]);
		b.close();
		a.postMessage({ type: 'syncNow' });
		expect(atB).toHaveLength(2);
	});

	it('uses BroadcastChannel where the browser has it, and is null with no way between tabs', () => {
		const channel = openTabChannel('sync', { BroadcastChannel });
		expect(channel).toBeInstanceOf(BroadcastChannel);
		channel?.close();
		expect(openTabChannel('sync', {})).toBeNull();
	});
});
