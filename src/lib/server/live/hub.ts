import { z } from 'zod';
import type { Sql } from '$lib/server/db/types';
import { presenceEntrySchema, type PresenceEntry } from '$lib/sync/presenceWire';
import { PresenceBoard, type HeldPresence } from './presence';

/**
 * The live channel's fan-out: which open streams belong to which project, and the one
 * database listener that tells them a push committed. A push announces with
 * `pg_notify` after its transaction; every app instance on the same database (PostgreSQL)
 * listens on the channel, so a tablet on one instance hears of a push made on another,
 * with no sticky sessions. On the embedded database the notification loops back inside
 * the process. The stream carries only "the log now reaches sequence N": the tablet
 * pulls as usual, so a lost notification costs latency, never data.
 *
 * Presence travels on the same channel as a JSON note (`{"presence":…}`), so every
 * instance holds the same board of who is where; it never touches a table.
 */
export const LIVE_CHANNEL = 'feltinnsikt_live';

export interface LiveStream {
	readonly projectId: string;
	readonly userId: string;
	/** The id of the sign-in session it was opened with (`sessionId` of the cookie). */
	readonly session: string;
	/** The project's log now reaches `seq`. */
	send(seq: number): void;
	/** Who is in the project now. */
	presence(here: PresenceEntry[]): void;
	/** Ends the stream (sign-out, removal, shutdown). */
	close(): void;
}

/** A presence note between instances: a tab's report, or that it left. */
const presenceNoteSchema = z.object({
	presence: z.union([
		z.object({ projectId: z.string(), entry: presenceEntrySchema.extend({ session: z.string() }) }),
		z.object({ projectId: z.string(), userId: z.string(), gone: z.string() })
	])
});
type PresenceNote = z.infer<typeof presenceNoteSchema>['presence'];

/** How often each instance drops presence reports that were not refreshed. */
const SWEEP_MS = 5_000;

export class LiveHub {
	private readonly byProject = new Map<string, Set<LiveStream>>();
	private listening: Promise<void> | null = null;
	private stopListening: (() => Promise<void>) | null = null;
	private sql: Sql | null = null;
	private sweeper: ReturnType<typeof setInterval> | null = null;

	constructor(readonly presence: PresenceBoard = new PresenceBoard()) {}

	/** Starts listening on the database (once; later calls wait for the first). */
	start(sql: Sql): Promise<void> {
		this.sql = sql;
		if (!this.sweeper) {
			this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
			this.sweeper.unref?.();
		}
		this.listening ??= sql
			.listen(LIVE_CHANNEL, (payload) => this.deliver(payload))
			.then((stop) => {
				this.stopListening = stop;
			})
			.catch((error: unknown) => {
				// Without a listener streams still open (and say so by never announcing): tablets keep their timer.
				this.listening = null;
				throw error;
			});
		return this.listening;
	}

	/** Tells every instance that the project's log moved (after the push committed). */
	async announce(sql: Sql, projectId: string): Promise<void> {
		await sql.query(
			`select pg_notify($1, $2 || ' ' || coalesce((select max(seq) from changes where project_id = $2), 0)::text)`,
			[LIVE_CHANNEL, projectId]
		);
	}

	/** A tab says where it is in the project (or, with `null`, that it left). */
	async report(projectId: string, entry: HeldPresence | { userId: string; tab: string; left: true }): Promise<void> {
		const note: PresenceNote = 'left' in entry ? { projectId, userId: entry.userId, gone: entry.tab } : { projectId, entry };
		this.applyPresence(note);
		await this.notifyPresence(note);
	}

	/** Who is in the project now (what a new stream is told first). */
	here(projectId: string): PresenceEntry[] {
		return this.presence.list(projectId);
	}

	add(stream: LiveStream): () => void {
		const set = this.byProject.get(stream.projectId) ?? new Set<LiveStream>();
		set.add(stream);
		this.byProject.set(stream.projectId, set);
		return () => this.remove(stream);
	}

	/** A member removed from a project (or leaving it): their streams of it end now. */
	closeMember(projectId: string, userId: string): void {
		for (const stream of [...(this.byProject.get(projectId) ?? [])]) if (stream.userId === userId) this.end(stream);
		this.dropPresence((p, entry) => p === projectId && entry.userId === userId);
	}

	/** This device signed out: the streams opened with its session end. */
	closeSession(session: string): void {
		for (const set of [...this.byProject.values()]) for (const stream of [...set]) if (stream.session === session) this.end(stream);
		this.dropPresence((_, entry) => entry.session === session);
	}

	/** A user signed out everywhere, disabled or deleted: every stream of theirs ends. */
	closeUser(userId: string): void {
		for (const set of [...this.byProject.values()]) for (const stream of [...set]) if (stream.userId === userId) this.end(stream);
		this.dropPresence((_, entry) => entry.userId === userId);
	}

	/** Shutdown: streams would otherwise hold the server open until its shutdown timeout. */
	async closeAll(): Promise<void> {
		for (const set of [...this.byProject.values()]) for (const stream of [...set]) this.end(stream);
		if (this.sweeper) clearInterval(this.sweeper);
		this.sweeper = null;
		this.presence.clear();
		this.sql = null;
		await this.stopListening?.().catch(() => {});
		this.stopListening = null;
		this.listening = null;
	}

	/** How many streams are open (for the bench and tests). */
	get size(): number {
		let n = 0;
		for (const set of this.byProject.values()) n += set.size;
		return n;
	}

	/** Drops reports not refreshed in time and tells the streams of each project that changed. */
	sweep(): void {
		for (const projectId of this.presence.sweep()) this.tellPresence(projectId);
	}

	private deliver(payload: string): void {
		if (payload.startsWith('{')) {
			this.deliverPresence(payload);
			return;
		}
		const [projectId, seqText] = payload.split(' ');
		const seq = Number(seqText);
		if (!projectId || !Number.isSafeInteger(seq)) return;
		for (const stream of this.byProject.get(projectId) ?? []) stream.send(seq);
	}

	private deliverPresence(payload: string): void {
		let parsed: unknown;
		try {
			parsed = JSON.parse(payload);
		} catch {
			return;
		}
		const note = presenceNoteSchema.safeParse(parsed);
		// Our own instances write these notes; anything else on the channel is not ours to apply.
		if (note.success) this.applyPresence(note.data.presence);
	}

	private applyPresence(note: PresenceNote): void {
		const changed = 'gone' in note ? this.presence.remove(note.projectId, note.userId, note.gone) : this.presence.put(note.projectId, note.entry);
		if (changed) this.tellPresence(note.projectId);
	}

	private async notifyPresence(note: PresenceNote): Promise<void> {
		// Without a database listener (tests, or before the first stream) the board is this instance's alone.
		if (!this.sql) return;
		await this.sql.query('select pg_notify($1, $2)', [LIVE_CHANNEL, JSON.stringify({ presence: note })]);
	}

	private dropPresence(match: (projectId: string, entry: HeldPresence) => boolean): void {
		for (const { projectId, userId, tab } of this.presence.removeWhere(match)) {
			this.tellPresence(projectId);
			void this.notifyPresence({ projectId, userId, gone: tab }).catch(() => {});
		}
	}

	private tellPresence(projectId: string): void {
		const streams = this.byProject.get(projectId);
		if (!streams?.size) return;
		const here = this.presence.list(projectId);
		for (const stream of streams) stream.presence(here);
	}

	private end(stream: LiveStream): void {
		this.remove(stream);
		stream.close();
	}

	private remove(stream: LiveStream): void {
		const set = this.byProject.get(stream.projectId);
		if (!set) return;
		set.delete(stream);
		if (set.size === 0) this.byProject.delete(stream.projectId);
	}
}

/** This server's hub. */
export const liveHub = new LiveHub();
