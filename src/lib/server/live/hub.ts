import type { Sql } from '$lib/server/db/types';

/**
 * The live channel's fan-out: which open streams belong to which project, and the one
 * database listener that tells them a push committed. A push announces with
 * `pg_notify` after its transaction; every app instance on the same database (PostgreSQL)
 * listens on the channel, so a tablet on one instance hears of a push made on another,
 * with no sticky sessions. On the embedded database the notification loops back inside
 * the process. The stream carries only "the log now reaches sequence N": the tablet
 * pulls as usual, so a lost notification costs latency, never data.
 */
export const LIVE_CHANNEL = 'feltinnsikt_live';

export interface LiveStream {
	readonly projectId: string;
	readonly userId: string;
	/** The id of the sign-in session it was opened with (`sessionId` of the cookie). */
	readonly session: string;
	/** The project's log now reaches `seq`. */
	send(seq: number): void;
	/** Ends the stream (sign-out, removal, shutdown). */
	close(): void;
}

export class LiveHub {
	private readonly byProject = new Map<string, Set<LiveStream>>();
	private listening: Promise<void> | null = null;
	private stopListening: (() => Promise<void>) | null = null;

	/** Starts listening on the database (once; later calls wait for the first). */
	start(sql: Sql): Promise<void> {
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

	add(stream: LiveStream): () => void {
		const set = this.byProject.get(stream.projectId) ?? new Set<LiveStream>();
		set.add(stream);
		this.byProject.set(stream.projectId, set);
		return () => this.remove(stream);
	}

	/** A member removed from a project (or leaving it): their streams of it end now. */
	closeMember(projectId: string, userId: string): void {
		for (const stream of [...(this.byProject.get(projectId) ?? [])]) if (stream.userId === userId) this.end(stream);
	}

	/** This device signed out: the streams opened with its session end. */
	closeSession(session: string): void {
		for (const set of [...this.byProject.values()]) for (const stream of [...set]) if (stream.session === session) this.end(stream);
	}

	/** A user signed out everywhere, disabled or deleted: every stream of theirs ends. */
	closeUser(userId: string): void {
		for (const set of [...this.byProject.values()]) for (const stream of [...set]) if (stream.userId === userId) this.end(stream);
	}

	/** Shutdown: streams would otherwise hold the server open until its shutdown timeout. */
	async closeAll(): Promise<void> {
		for (const set of [...this.byProject.values()]) for (const stream of [...set]) this.end(stream);
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

	private deliver(payload: string): void {
		const [projectId, seqText] = payload.split(' ');
		const seq = Number(seqText);
		if (!projectId || !Number.isSafeInteger(seq)) return;
		for (const stream of this.byProject.get(projectId) ?? []) stream.send(seq);
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
