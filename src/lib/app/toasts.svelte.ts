export interface Toast {
	id: number;
	message: string;
	undo?: () => Promise<void>;
}

/** No more toasts at once than this: a pile of them would cover the form being filled in. */
export const MAX_TOASTS = 2;

/** Short confirmations; a destructive action offers its undo here instead of asking first. */
export const toasts = $state<Toast[]>([]);
let nextId = 1;
// Not state: nothing on screen depends on a timer.
const timers: Record<number, ReturnType<typeof setTimeout>> = {};

/**
 * Shows a toast for `ms`. With `MAX_TOASTS` already showing, the newest replaces the oldest
 * (an undo it offered is gone with it, as it would be after its time ran out).
 */
export function notify(message: string, undo?: () => Promise<void>, ms = 8000): void {
	const toast = { id: nextId++, message, undo };
	while (toasts.length >= MAX_TOASTS) dismiss(toasts[0].id);
	toasts.push(toast);
	timers[toast.id] = setTimeout(() => dismiss(toast.id), ms);
}

export function dismiss(id: number): void {
	clearTimeout(timers[id]);
	delete timers[id];
	const i = toasts.findIndex((t) => t.id === id);
	if (i >= 0) toasts.splice(i, 1);
}
