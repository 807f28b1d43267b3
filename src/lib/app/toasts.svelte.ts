export interface Toast {
	id: number;
	message: string;
	undo?: () => Promise<void>;
}

/** Short confirmations; a destructive action offers its undo here instead of asking first. */
export const toasts = $state<Toast[]>([]);
let nextId = 1;

export function notify(message: string, undo?: () => Promise<void>, ms = 8000): void {
	const toast = { id: nextId++, message, undo };
	toasts.push(toast);
	setTimeout(() => dismiss(toast.id), ms);
}

export function dismiss(id: number): void {
	const i = toasts.findIndex((t) => t.id === id);
	if (i >= 0) toasts.splice(i, 1);
}
