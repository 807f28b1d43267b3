import { PRESENCE_REFRESH_MS, presenceListSchema, type NoteCursor, type PresenceEntry, type PresenceReport, type PresenceScreen } from './presenceWire';

/** Where this tab is: a screen of one project (and the session or board on it), or nowhere. */
export interface Whereabouts {
	projectId: string;
	screen: PresenceScreen;
	target: string | null;
}

/** How a report reaches the server: the others there, or `null` when it refused (not shared, signed out). */
export type PresenceSend = (projectId: string, report: PresenceReport, options: { keepalive: boolean }) => Promise<PresenceEntry[] | null>;

/** After a refusal, a project is not reported again for this long (it may be shared meanwhile). */
export const REFUSED_RETRY_MS = 5 * 60_000;

/**
 * This tab's side of presence: says where it is when that changes and every
 * `PRESENCE_REFRESH_MS` while visible, says it left when it leaves the project or is
 * hidden, and keeps what it hears of the others (from its own reports and, in the
 * syncing tab, from the live stream). Offline nothing is sent and the others fade out:
 * what it shows is never older than one refresh.
 */
export class Presence {
	#here = $state<Record<string, PresenceEntry[]>>({});
	#where: Whereabouts | null = null;
	#dragging: string | null = null;
	#presenting: string | null = null;
	#cursor: NoteCursor | null = null;
	/** A report being sent, and whether another is due after it: a caret moving with every keystroke sends at most one at a time. */
	#sending: Promise<void> | null = null;
	#due = false;
	#reported: string | null = null;
	#timer: ReturnType<typeof setInterval> | undefined;
	// Not state: when a project was refused decides only whether to send, never what shows.
	#refused: Record<string, number> = {};

	constructor(
		private readonly send: PresenceSend,
		readonly tab: string,
		private readonly now: () => number = Date.now
	) {}

	/** The others in a project (this tab left out), one entry per person, the most telling place first. */
	others(projectId: string): PresenceEntry[] {
		const byPerson: Record<string, PresenceEntry> = {};
		for (const entry of this.#here[projectId] ?? []) {
			if (entry.tab === this.tab) continue;
			const held = byPerson[entry.userId];
			// Two tabs of one person: the one doing something (presenting, dragging, in a session or board) wins.
			if (!held || weight(entry) > weight(held)) byPerson[entry.userId] = entry;
		}
		return Object.values(byPerson);
	}

	/** Who is dragging a card, if anyone else is. */
	draggingOf(projectId: string, cardId: string): PresenceEntry | undefined {
		return this.others(projectId).find((entry) => entry.dragging === cardId);
	}

	/** What the server said is in a project now. */
	receive(projectId: string, here: PresenceEntry[]): void {
		this.#here = { ...this.#here, [projectId]: here };
	}

	/** This tab moved (or, with `null`, is in no project, or cannot report: offline, signed out). */
	async moveTo(where: Whereabouts | null): Promise<void> {
		const before = this.#where;
		this.#where = where;
		if (before && before.projectId !== where?.projectId) {
			this.#dragging = null;
			await this.leave(before.projectId);
		}
		if (!where) {
			this.#stopTimer();
			return;
		}
		this.#startTimer();
		await this.#report(false);
	}

	/** This tab started or stopped dragging a card on a board. */
	async drag(cardId: string | null): Promise<void> {
		if (cardId === this.#dragging) return;
		this.#dragging = cardId;
		await this.#report(false);
	}

	/** This tab presents (on the presentation): `slide` is the key of the slide it shows; `null` stops presenting. */
	async present(slide: string | null): Promise<void> {
		if (slide === this.#presenting) return;
		this.#presenting = slide;
		await this.#report(false);
	}

	/** The caret and selection in the open session's note (`null`: not writing there). */
	async cursor(cursor: NoteCursor | null): Promise<void> {
		if (JSON.stringify(cursor) === JSON.stringify(this.#cursor)) return;
		this.#cursor = cursor;
		await this.#report(false);
	}

	/** Others writing in a session's note, with their carets. */
	writersIn(projectId: string, sessionId: string): PresenceEntry[] {
		return this.others(projectId).filter((entry) => entry.screen === 'session' && entry.target === sessionId && entry.cursor !== null);
	}

	/** The presenter in a project, if someone else is presenting. */
	presenterOf(projectId: string): PresenceEntry | undefined {
		return (this.#here[projectId] ?? []).find((entry) => entry.tab !== this.tab && entry.presenting && entry.screen === 'presentation');
	}

	/** The tab is hidden or closing: the others stop seeing it now rather than at the TTL. */
	async hide(): Promise<void> {
		this.#stopTimer();
		if (this.#where) await this.leave(this.#where.projectId, true);
	}

	/** Visible again: report at once and keep refreshing. */
	async show(): Promise<void> {
		if (!this.#where) return;
		this.#startTimer();
		await this.#report(true);
	}

	private async leave(projectId: string, keepalive = false): Promise<void> {
		this.#reported = null;
		this.receive(projectId, []);
		if (this.#isRefused(projectId)) return;
		await this.send(projectId, { tab: this.tab, screen: null, target: null, dragging: null, presenting: false, cursor: null }, { keepalive }).catch(() => null);
	}

	async #report(force: boolean): Promise<void> {
		if (this.#sending) {
			// One report at a time; the latest state goes out when this one is answered.
			this.#due = true;
			return this.#sending;
		}
		this.#sending = this.#sendReport(force);
		try {
			await this.#sending;
		} finally {
			this.#sending = null;
		}
		if (this.#due) {
			this.#due = false;
			await this.#report(false);
		}
	}

	async #sendReport(force: boolean): Promise<void> {
		const where = this.#where;
		if (!where || this.#isRefused(where.projectId)) return;
		const presenting = where.screen === 'presentation' && this.#presenting !== null;
		const report: PresenceReport = {
			tab: this.tab,
			screen: where.screen,
			target: presenting ? this.#presenting : where.target,
			dragging: where.screen === 'board' ? this.#dragging : null,
			presenting,
			cursor: where.screen === 'session' ? this.#cursor : null
		};
		const key = `${where.projectId} ${report.screen} ${report.target} ${report.dragging} ${presenting} ${JSON.stringify(report.cursor)}`;
		if (!force && key === this.#reported) return;
		this.#reported = key;
		let here: PresenceEntry[] | null;
		try {
			here = await this.send(where.projectId, report, { keepalive: false });
		} catch {
			// Offline or the server away: try again at the next refresh.
			this.#reported = null;
			return;
		}
		if (here === null) {
			this.#refused[where.projectId] = this.now();
			this.receive(where.projectId, []);
			return;
		}
		if (this.#where?.projectId === where.projectId) this.receive(where.projectId, here);
	}

	#isRefused(projectId: string): boolean {
		const at = this.#refused[projectId];
		if (at === undefined) return false;
		if (this.now() - at < REFUSED_RETRY_MS) return true;
		delete this.#refused[projectId];
		return false;
	}

	#startTimer(): void {
		if (this.#timer !== undefined) return;
		this.#timer = setInterval(() => void this.#report(true), PRESENCE_REFRESH_MS);
	}

	#stopTimer(): void {
		clearInterval(this.#timer);
		this.#timer = undefined;
	}
}

function weight(entry: PresenceEntry): number {
	return (entry.presenting ? 8 : 0) + (entry.dragging ? 4 : 0) + (entry.target ? 2 : 0) + (entry.screen !== 'other' ? 1 : 0);
}

/** The browser's way to report: POST /api/projects/:id/presence, the answer checked before use. */
export const httpPresenceSend: PresenceSend = async (projectId, report, { keepalive }) => {
	const response = await fetch(`/api/projects/${encodeURIComponent(projectId)}/presence`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(report),
		credentials: 'same-origin',
		keepalive
	});
	if (response.status === 401 || response.status === 403 || response.status === 404) return null;
	if (!response.ok) throw new Error(`presence ${response.status}`);
	const body = presenceListSchema.safeParse(await response.json());
	if (!body.success) throw new Error('presence: an answer this app does not understand');
	return body.data.here;
};

/** One id per browser tab, kept across reloads of that tab so a reload is not a second person. */
function tabId(): string {
	const fresh = () => crypto.randomUUID().replaceAll('-', '');
	if (typeof sessionStorage === 'undefined') return fresh();
	try {
		const held = sessionStorage.getItem('feltinnsikt-presence-tab');
		if (held) return held;
		const made = fresh();
		sessionStorage.setItem('feltinnsikt-presence-tab', made);
		return made;
	} catch {
		return fresh();
	}
}

/** This tab's presence. */
export const presence = new Presence(httpPresenceSend, typeof crypto === 'undefined' ? 'server-side-render' : tabId());
