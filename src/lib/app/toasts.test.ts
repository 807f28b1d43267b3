import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TOASTS, dismiss, notify, toasts } from './toasts.svelte';

describe('toasts', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => {
		for (const t of [...toasts]) dismiss(t.id);
		vi.useRealTimers();
	});

	it('shows at most two at once: the newest replaces the oldest', () => {
		expect(MAX_TOASTS).toBe(2);
		for (let i = 1; i <= 16; i++) notify(`Lagret ${i}`);
		expect(toasts.map((t) => t.message)).toEqual(['Lagret 15', 'Lagret 16']);
	});

	it('a replaced toast takes its undo with it, and the ones left still time out', async () => {
		const undo = vi.fn(async () => {});
		notify('Slettet', undo);
		notify('Lagret');
		notify('Lagret igjen');
		expect(toasts.some((t) => t.undo === undo)).toBe(false);
		vi.advanceTimersByTime(8000);
		expect(toasts).toHaveLength(0);
		expect(undo).not.toHaveBeenCalled();
	});

	it('a toast dismissed by hand does not take a later one with it when its time runs out', () => {
		notify('Første', undefined, 1000);
		dismiss(toasts[0].id);
		notify('Andre', undefined, 5000);
		vi.advanceTimersByTime(1000);
		expect(toasts.map((t) => t.message)).toEqual(['Andre']);
	});
});
