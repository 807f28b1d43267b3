import { hiddenCount, type Redaction } from '$lib/domain/redaction';
import type { Entry, ReviewStatus } from '$lib/domain/entry';
import type { Board, Cluster, Comment, InnovationArea, Insight } from '$lib/domain/review';
import type { Region } from '$lib/domain/region';
import type { LocalData } from '$lib/data/local';
import { entriesWithTags, type EntryWithTags } from '$lib/data/evidence';
import { coders, intercoder, type Coding, type IntercoderResult } from './agreement';
import { groupByCluster } from './clusters';
import { presentationSlides, type Slide } from '$lib/domain/presentation';
import { wholeProjectRows, wholeRows } from '$lib/data/wholeRows';
import { readVisibleEvidence } from '$lib/data/redaction';

// Live queries for the review screens: each awaits only Dexie reads, so
// `live()` re-runs it whenever a table it read changes.

type Data = Pick<LocalData, 'db'>;

/** Entries visible in review: not deleted, not from a participant who withdrew consent (`$lib/domain/redaction`). */
async function visibleEntries({ db }: Data, projectId: string): Promise<Entry[]> {
	return (await visibleEvidence({ db }, projectId)).entries;
}

async function visibleEvidence({ db }: Data, projectId: string): Promise<{ entries: Entry[]; r: Redaction }> {
	const { entries, redaction } = await readVisibleEvidence(db, projectId);
	return { entries: entries.sort((a, b) => b.id.localeCompare(a.id)), r: redaction.r };
}

async function commentCounts({ db }: Data, projectId: string): Promise<Map<string, number>> {
	const comments = await wholeProjectRows(db, 'comments', projectId);
	const counts = new Map<string, number>();
	for (const c of comments) if (!c.deleted) counts.set(c.targetId, (counts.get(c.targetId) ?? 0) + 1);
	return counts;
}

export interface QueueItem extends EntryWithTags {
	sessionTitle: string | null;
	comments: number;
}

export type QueueFilter = ReviewStatus | 'all';

/** The review queue: entries (and the highlights they stand for) by status, newest first. */
export async function reviewQueue(data: LocalData, projectId: string, filter: QueueFilter): Promise<{ items: QueueItem[]; counts: Record<QueueFilter, number> }> {
	const [all, sessions, comments] = await Promise.all([
		entriesWithTags(data, projectId),
		wholeProjectRows(data.db, 'sessions', projectId),
		commentCounts(data, projectId)
	]);
	const titles = new Map(sessions.filter((s) => !s.deleted).map((s) => [s.id, s.title]));
	const counts: Record<QueueFilter, number> = { all: all.length, new: 0, reviewed: 0, agreed: 0, questioned: 0 };
	for (const x of all) counts[x.entry.reviewStatus]++;
	const items = all
		.filter((x) => filter === 'all' || x.entry.reviewStatus === filter)
		.map((x) => ({ ...x, sessionTitle: x.entry.sessionId ? (titles.get(x.entry.sessionId) ?? null) : null, comments: comments.get(x.entry.id) ?? 0 }));
	return { items, counts };
}

export async function commentsFor({ db }: Data, targetId: string): Promise<Comment[]> {
	const rows = wholeRows('comments', await db.comments.where('targetId').equals(targetId).toArray());
	return rows.filter((c) => !c.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Names on the project's sessions: the team as recorded in the field. */
export async function sessionResearchers({ db }: Data, projectId: string): Promise<string[]> {
	const sessions = await wholeProjectRows(db, 'sessions', projectId);
	return [...new Set(sessions.filter((s) => !s.deleted).flatMap((s) => s.researchers))].sort((a, b) => a.localeCompare(b, 'nb'));
}

// ── Boards ─────────────────────────────────────────────────────────────────

export async function boards({ db }: Data, projectId: string): Promise<Board[]> {
	const rows = await wholeProjectRows(db, 'boards', projectId);
	return rows.filter((b) => !b.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export interface ClusterView {
	cluster: Cluster;
	cards: Entry[];
	dots: number;
	myDots: number;
	comments: number;
	/** Cards of this cluster hidden because their participant withdrew consent: the team is told, not left to wonder. */
	hidden: number;
}

export interface BoardView {
	board: Board;
	clusters: ClusterView[];
	unsorted: Entry[];
}

/** One board: its clusters with their cards and dots, and the cards not yet sorted. */
export async function boardView(data: LocalData, projectId: string, boardId: string, voter: string): Promise<BoardView | null> {
	const { db } = data;
	const board = await db.boards.get(boardId);
	if (!board || board.deleted || board.projectId !== projectId || wholeRows('boards', [board]).length === 0) return null;
	const [clusterRows, members, votes, { entries, r }, comments] = await Promise.all([
		db.clusters.where('boardId').equals(boardId).toArray().then((rows) => wholeRows('clusters', rows)),
		db.clusterMembers.where('boardId').equals(boardId).toArray().then((rows) => wholeRows('clusterMembers', rows)),
		wholeProjectRows(db, 'votes', projectId),
		visibleEvidence(data, projectId),
		commentCounts(data, projectId)
	]);
	const liveMembers = members.filter((cm) => !cm.deleted);
	const hiddenIn = (clusterId: string) => hiddenCount(liveMembers.filter((cm) => cm.clusterId === clusterId).map((cm) => cm.entryId), r);
	const clusters = clusterRows.filter((c) => !c.deleted).sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id));
	const { unsorted, byCluster } = groupByCluster(entries, members, boardId, clusters.map((c) => c.id));
	const liveVotes = votes.filter((v) => !v.deleted);
	return {
		board,
		unsorted,
		clusters: clusters.map((cluster) => {
			const mine = liveVotes.filter((v) => v.clusterId === cluster.id);
			return {
				cluster,
				cards: byCluster.get(cluster.id) ?? [],
				dots: mine.reduce((sum, v) => sum + v.dots, 0),
				myDots: mine.filter((v) => v.voter === voter).reduce((sum, v) => sum + v.dots, 0),
				comments: comments.get(cluster.id) ?? 0,
				hidden: hiddenIn(cluster.id)
			};
		})
	};
}

// ── Insights ───────────────────────────────────────────────────────────────

export interface EvidenceLink {
	entry: Entry;
	/** Where one tap opens it: the session, scrolled to the highlighted span when there is one. */
	href: string | null;
}

export function evidenceHref(entry: Pick<Entry, 'sessionId' | 'highlightId'>): string | null {
	if (!entry.sessionId) return null;
	const base = `/sessions/${encodeURIComponent(entry.sessionId)}`;
	return entry.highlightId ? `${base}#highlight-${encodeURIComponent(entry.highlightId)}` : base;
}

export interface InsightView {
	insight: Insight;
	evidence: EvidenceLink[];
	comments: number;
	/** Evidence of this insight hidden because its participant withdrew consent. */
	hidden: number;
}

export async function insightsView(data: LocalData, projectId: string): Promise<{ insights: InsightView[]; entries: Entry[] }> {
	const [rows, { entries, r }, comments] = await Promise.all([
		wholeProjectRows(data.db, 'insights', projectId),
		visibleEvidence(data, projectId),
		commentCounts(data, projectId)
	]);
	const byId = new Map(entries.map((e) => [e.id, e]));
	const insights = rows
		.filter((i) => !i.deleted)
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
		.map((insight) => ({
			insight,
			evidence: insight.evidenceIds
				.map((id) => byId.get(id))
				.filter((e): e is Entry => !!e)
				.map((entry) => ({ entry, href: evidenceHref(entry) })),
			comments: comments.get(insight.id) ?? 0,
			hidden: hiddenCount(insight.evidenceIds, r)
		}));
	return { insights, entries };
}

// ── Innovation areas ───────────────────────────────────────────────────────

export interface AreasView {
	areas: InnovationArea[];
	insights: Insight[];
	regions: Region[];
}

export async function areasView({ db }: Data, projectId: string): Promise<AreasView> {
	const [areas, insights, regions] = await Promise.all([
		wholeProjectRows(db, 'innovationAreas', projectId),
		wholeProjectRows(db, 'insights', projectId),
		wholeProjectRows(db, 'regions', projectId)
	]);
	return {
		areas: areas.filter((a) => !a.deleted).sort((a, b) => a.portfolio.localeCompare(b.portfolio, 'nb') || a.createdAt.localeCompare(b.createdAt)),
		insights: insights.filter((i) => !i.deleted).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
		regions: regions.filter((r) => !r.deleted).sort((a, b) => a.order - b.order)
	};
}

// ── Intercoder ─────────────────────────────────────────────────────────────

/**
 * Codings to compare: each researcher's own code decisions on entries that
 * stand for a highlight. Coding rows are per coder; a code tag from before they
 * existed counts for the researcher who added it.
 */
export async function intercoderData(data: LocalData, projectId: string): Promise<{
	codings: Coding[];
	coders: string[];
	codes: Map<string, string>;
	entries: Map<string, Entry>;
}> {
	const { db } = data;
	const [codingRows, taggings, codes, entries] = await Promise.all([
		wholeProjectRows(db, 'codings', projectId),
		wholeProjectRows(db, 'taggings', projectId),
		wholeProjectRows(db, 'codes', projectId),
		visibleEntries(data, projectId)
	]);
	const highlighted = new Map(entries.filter((e) => e.highlightId).map((e) => [e.id, e]));
	const codeNames = new Map(codes.filter((c) => !c.deleted).map((c) => [c.id, c.name]));
	const decided = new Set(codingRows.map((c) => `${c.targetId}|${c.codeId}|${c.coder}`));
	const legacy = taggings
		.filter((t) => t.kind === 'code' && t.taggedBy && !decided.has(`${t.targetId}|${t.tagId}|${t.taggedBy}`))
		.map((t) => ({ targetId: t.targetId, codeId: t.tagId, coder: t.taggedBy, deleted: t.deleted }));
	const codings = [...codingRows, ...legacy]
		.filter((c) => !c.deleted && highlighted.has(c.targetId) && codeNames.has(c.codeId))
		.map((c) => ({ targetId: c.targetId, codeId: c.codeId, coder: c.coder }));
	return { codings, coders: coders(codings), codes: codeNames, entries: highlighted };
}

export function compareCoders(codings: Coding[], a: string, b: string, codes: Map<string, string>): IntercoderResult {
	const order = [...codes.entries()].sort((x, y) => x[1].localeCompare(y[1], 'nb')).map(([id]) => id);
	return intercoder(codings, a, b, order);
}

// ── Presentation ───────────────────────────────────────────────────────────

export async function presentationView({ db }: Data, projectId: string): Promise<Slide[]> {
	// Only what may be shown: a withdrawn participant's evidence (and a redacted overlap) never reaches the audience.
	const [areas, insights, { entries }, participants, regions] = await Promise.all([
		wholeProjectRows(db, 'innovationAreas', projectId),
		wholeProjectRows(db, 'insights', projectId),
		visibleEvidence({ db }, projectId),
		wholeProjectRows(db, 'participants', projectId),
		wholeProjectRows(db, 'regions', projectId)
	]);
	const ordered = areas
		.filter((a) => !a.deleted)
		.sort((a, b) => Number(b.mainProject) - Number(a.mainProject) || a.portfolio.localeCompare(b.portfolio, 'nb') || a.createdAt.localeCompare(b.createdAt));
	return presentationSlides({
		areas: ordered,
		insights,
		entries,
		participants: participants.filter((p) => !p.deleted),
		regionNames: new Map(regions.filter((r) => !r.deleted).map((r) => [r.id, r.name]))
	});
}
