import { liveQuery, type Subscription } from 'dexie';
import type { FieldworkDb } from '$lib/data/db';
import type { SearchIndex } from './engine';
import { libraryData } from './library';
import { freshState, fromStored, toStored, updateState, type IndexChanges, type IndexState } from './persisted';
import { LibraryView, type ViewRequest, type ViewResult } from './view';

/** How long after the last change the index is saved: a burst of writes (a sync page, an import) saves once. */
const saveAfterMs = 1500;

/**
 * One project's library and search index, kept where the search runs (the worker): reads the
 * project itself, follows every write to it (Dexie tells a worker of writes made in any tab),
 * brings the index up to date document by document and saves it for the next start.
 */
export class SearchHost {
	private state: IndexState | null = null;
	private libraryView: LibraryView | null = null;
	private subscription: Subscription | undefined;
	private saveTimer: ReturnType<typeof setTimeout> | undefined;
	private saving: Promise<void> = Promise.resolve();
	private dirty = false;
	private closed = false;
	/** Bumped with every new answer to the data; the screen asks again when it moves. */
	version = 0;
	/** What the last update did, for tests and the bench. */
	lastChanges: IndexChanges | 'built' | 'loaded' | null = null;

	constructor(
		private readonly db: FieldworkDb,
		private readonly projectId: string,
		private readonly onChange: (version: number) => void,
		private readonly onError: (error: unknown) => void = (e) => console.error('search index failed', e)
	) {}

	/** Loads the saved index, then follows the project's data. */
	async open(): Promise<void> {
		const stored = await this.db.searchIndex.get(this.projectId).catch(() => undefined);
		if (this.closed) return;
		try {
			this.state = fromStored(stored);
			if (this.state) this.lastChanges = 'loaded';
		} catch (e) {
			// A stored index that does not read back is rebuilt, never fatal.
			console.warn('stored search index unreadable, rebuilding', e);
			this.state = null;
		}
		this.subscription = liveQuery(() => libraryData({ db: this.db }, this.projectId)).subscribe({
			next: (data) => {
				if (this.closed) return;
				if (!this.state) {
					this.state = freshState(data.docs);
					this.lastChanges = 'built';
					this.dirty = true;
				} else {
					const changes = updateState(this.state, data.docs);
					this.lastChanges = changes;
					if (changes.added + changes.replaced + changes.discarded > 0 || !stored) this.dirty = true;
				}
				this.libraryView = new LibraryView(data, this.state.index);
				this.version++;
				this.onChange(this.version);
				if (this.dirty) this.scheduleSave();
			},
			error: (e) => this.onError(e)
		});
	}

	/** The index as it is now (tests compare it with a fresh build). */
	get index(): SearchIndex | null {
		return this.state?.index ?? null;
	}

	get ready(): boolean {
		return this.libraryView !== null;
	}

	/** The answer for a view, or null before the project has been read. */
	view(request: ViewRequest): ViewResult | null {
		return this.libraryView?.view(request) ?? null;
	}

	private scheduleSave(): void {
		clearTimeout(this.saveTimer);
		this.saveTimer = setTimeout(() => void this.flush(), saveAfterMs);
	}

	/** Saves the index now if it changed since it was last saved. */
	flush(): Promise<void> {
		clearTimeout(this.saveTimer);
		this.saving = this.saving.then(async () => {
			if (!this.dirty || !this.state) return;
			this.dirty = false;
			try {
				await this.db.searchIndex.put(await toStored(this.projectId, this.state));
			} catch (e) {
				// Saving is an optimisation: the next start rebuilds what was not saved.
				this.dirty = true;
				console.warn('search index not saved', e);
			}
		});
		return this.saving;
	}

	async close(): Promise<void> {
		this.closed = true;
		this.subscription?.unsubscribe();
		await this.flush();
	}
}
