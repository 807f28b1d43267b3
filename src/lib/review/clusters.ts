import type { ClusterMember } from '$lib/domain/review';

/** A card sits in at most one cluster per board: the membership id is derived from board and entry. */
export function clusterMemberId(boardId: string, entryId: string): string {
	return `cm:${boardId}:${entryId}`;
}

/** What placing a card means for its membership row on that board. */
export type Placement =
	| { op: 'none' }
	| { op: 'create'; id: string; clusterId: string }
	| { op: 'move'; id: string; from: string; clusterId: string }
	| { op: 'remove'; id: string; from: string };

/**
 * Where a card goes: into `clusterId` on `boardId`, or back to the unsorted
 * tray (null). `existing` is the card's membership row on that board, if any
 * (tombstoned rows count as absent). Moving to another cluster rewrites the one
 * row, so the card never sits in two clusters of the same board; its place on
 * other boards is untouched.
 */
export function placement(
	existing: Pick<ClusterMember, 'clusterId' | 'deleted'> | undefined,
	boardId: string,
	entryId: string,
	clusterId: string | null
): Placement {
	const id = clusterMemberId(boardId, entryId);
	const current = existing && !existing.deleted ? existing.clusterId : null;
	if (current === clusterId) return { op: 'none' };
	if (clusterId === null) return { op: 'remove', id, from: current! };
	if (current === null) return { op: 'create', id, clusterId };
	return { op: 'move', id, from: current, clusterId };
}

/**
 * The cards of one board grouped by cluster; members of clusters that no
 * longer exist (deleted on another device) fall back to unsorted.
 */
export function groupByCluster<E extends { id: string }>(
	entries: readonly E[],
	members: readonly Pick<ClusterMember, 'boardId' | 'clusterId' | 'entryId' | 'deleted'>[],
	boardId: string,
	clusterIds: readonly string[]
): { unsorted: E[]; byCluster: Map<string, E[]> } {
	const live = new Set(clusterIds);
	const where = new Map<string, string>();
	for (const m of members) if (!m.deleted && m.boardId === boardId && live.has(m.clusterId)) where.set(m.entryId, m.clusterId);
	const byCluster = new Map<string, E[]>(clusterIds.map((id) => [id, []]));
	const unsorted: E[] = [];
	for (const e of entries) {
		const c = where.get(e.id);
		if (c) byCluster.get(c)!.push(e);
		else unsorted.push(e);
	}
	return { unsorted, byCluster };
}

/** Colours a cluster can take: light enough for dark text (contrast ≥ 4.5 with #1a1a1a). */
export const clusterColours = ['#fde68a', '#bfdbfe', '#bbf7d0', '#fecaca', '#e9d5ff', '#fed7aa', '#e5e7eb'] as const;

/** The next colour for a new cluster: the least used one. */
export function nextClusterColour(used: readonly string[]): string {
	const counts = clusterColours.map((c) => used.filter((u) => u.toLowerCase() === c).length);
	return clusterColours[counts.indexOf(Math.min(...counts))];
}

/** A reviewer's dots on a cluster: one row per reviewer and cluster. */
export function voteId(clusterId: string, voter: string): string {
	return `vote:${clusterId}:${voter}`;
}
