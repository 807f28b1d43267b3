import { liveQuery } from 'dexie';
import { localData, type LocalData } from './local';

export interface Live<T> {
	readonly current: T;
	readonly loading: boolean;
	readonly error: unknown;
}

/**
 * A Dexie live query as Svelte 5 state: re-runs when the tables it read change
 * (in this tab or another) and when the reactive values returned by `deps`
 * change. The query gets the opened database up front because Dexie only sees
 * reads made inside its own async context: a query that awaits anything but
 * Dexie (such as opening the database) is never re-run. Reactive inputs (props,
 * the active project) come through `deps`, since Dexie runs the query outside
 * Svelte's tracking. Call from a component's script; it stops with the component.
 */
export function live<T, D = undefined>(query: (data: LocalData, deps: D) => Promise<T>, initial: T, deps?: () => D): Live<T> {
	let current = $state.raw(initial);
	let loading = $state(true);
	let error = $state<unknown>(null);
	$effect(() => {
		const input = deps?.() as D;
		let stopped = false;
		let unsubscribe = () => {};
		void localData().then((data) => {
			if (stopped) return;
			const subscription = liveQuery(() => query(data, input)).subscribe({
				next(value) {
					current = value;
					loading = false;
					error = null;
				},
				error(e) {
					console.error('live query failed', e);
					error = e;
					loading = false;
				}
			});
			unsubscribe = () => subscription.unsubscribe();
		});
		return () => {
			stopped = true;
			unsubscribe();
		};
	});
	return {
		get current() {
			return current;
		},
		get loading() {
			return loading;
		},
		get error() {
			return error;
		}
	};
}
