import { afterEach, describe, expect, it, vi } from 'vitest';
import { readStorageStatus, requestPersistentStorage } from './storage';

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('storage durability', () => {
	it('reports unknowns when the browser has no StorageManager', async () => {
		vi.stubGlobal('navigator', {});
		expect(await requestPersistentStorage()).toBeNull();
		expect(await readStorageStatus()).toEqual({
			persisted: null,
			usageBytes: null,
			quotaBytes: null
		});
	});

	it('asks for persistence only when storage is not persistent yet', async () => {
		const persist = vi.fn(async () => true);
		vi.stubGlobal('navigator', { storage: { persisted: async () => false, persist } });
		expect(await requestPersistentStorage()).toBe(true);
		expect(persist).toHaveBeenCalledOnce();

		persist.mockClear();
		vi.stubGlobal('navigator', { storage: { persisted: async () => true, persist } });
		expect(await requestPersistentStorage()).toBe(true);
		expect(persist).not.toHaveBeenCalled();
	});

	it('never throws when the browser refuses', async () => {
		vi.stubGlobal('navigator', {
			storage: {
				persisted: async () => {
					throw new Error('denied');
				},
				persist: async () => {
					throw new Error('denied');
				},
				estimate: async () => {
					throw new Error('denied');
				}
			}
		});
		expect(await requestPersistentStorage()).toBeNull();
		expect(await readStorageStatus()).toEqual({
			persisted: null,
			usageBytes: null,
			quotaBytes: null
		});
	});

	it('reads persistence, usage and quota', async () => {
		vi.stubGlobal('navigator', {
			storage: {
				persisted: async () => true,
				estimate: async () => ({ usage: 1234, quota: 5_000_000 })
			}
		});
		expect(await readStorageStatus()).toEqual({
			persisted: true,
			usageBytes: 1234,
			quotaBytes: 5_000_000
		});
	});
});
