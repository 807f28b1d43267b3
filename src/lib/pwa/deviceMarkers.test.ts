import { describe, expect, it } from 'vitest';
import { clearDataMarker, readDataMarker, readPromptDismissed, wasEvicted, writeDataMarker, writePromptDismissed, type MarkerStorage } from './deviceMarkers';

function memoryStorage(): MarkerStorage & { items: Map<string, string> } {
	const items = new Map<string, string>();
	return {
		items,
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
		removeItem: (key) => void items.delete(key)
	};
}

describe('the device-data marker', () => {
	it('round-trips, and a damaged one reads as none', () => {
		const storage = memoryStorage();
		expect(readDataMarker(storage)).toBeNull();
		writeDataMarker(storage, { deviceId: 'a1', seenAt: '2026-05-01T10:00:00.000Z' });
		expect(readDataMarker(storage)).toEqual({ deviceId: 'a1', seenAt: '2026-05-01T10:00:00.000Z' });
		storage.items.set('feltinnsikt:device-data', '{not json');
		expect(readDataMarker(storage)).toBeNull();
		clearDataMarker(storage);
		expect(storage.items.size).toBe(0);
	});

	it('never throws where storage is missing or refuses', () => {
		const refusing: MarkerStorage = {
			getItem: () => {
				throw new Error('SecurityError');
			},
			setItem: () => {
				throw new Error('QuotaExceededError');
			},
			removeItem: () => {
				throw new Error('SecurityError');
			}
		};
		expect(readDataMarker(refusing)).toBeNull();
		expect(() => writeDataMarker(refusing, { deviceId: 'a', seenAt: 'x' })).not.toThrow();
		expect(readPromptDismissed(null)).toBe(false);
		expect(readPromptDismissed(refusing)).toBe(false);
	});

	it('tells an eviction (data under another device id, no project now) from a device emptied by hand', () => {
		const marker = { deviceId: 'old', seenAt: '2026-05-01T10:00:00.000Z' };
		expect(wasEvicted(marker, { deviceId: 'new', projectCount: 0 })).toBe(true);
		expect(wasEvicted(marker, { deviceId: 'old', projectCount: 0 })).toBe(false);
		expect(wasEvicted(marker, { deviceId: 'new', projectCount: 2 })).toBe(false);
		expect(wasEvicted(null, { deviceId: 'new', projectCount: 0 })).toBe(false);
	});

	it('remembers a dismissed prompt', () => {
		const storage = memoryStorage();
		expect(readPromptDismissed(storage)).toBe(false);
		writePromptDismissed(storage, '2026-05-01T10:00:00.000Z');
		expect(readPromptDismissed(storage)).toBe(true);
	});
});
