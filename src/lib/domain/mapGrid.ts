import { redaction } from './redaction';
import type { LifeStage } from './lifeStage';
import type { Region } from './region';
import type { Entry } from './entry';
import type { Tagging } from './tagging';
import type { Participant } from './participant';
import type { Session } from './session';

// The map's heat grid as pure rules over rows: shared by the device (data/mapCounts.ts,
// which reads the rows or the kept counts) and the server's report export, which holds a
// snapshot and must never load the device's database layer.

export interface MapGridRow {
	region: Region;
	/** Top-level field the row belongs to (itself for a field without sub-regions). */
	field: Region;
	depth: number;
}

export interface MapGrid {
	rows: MapGridRow[];
	stages: LifeStage[];
	/** `${regionId}|${stageId}` → ids of visible entries tagged to both (a field counts its sub-regions' evidence). */
	cells: Map<string, string[]>;
	/** Same keys: how many of them are unknown unknowns. */
	unknowns: Map<string, number>;
}

export const cellKey = (regionId: string, stageId: string) => `${regionId}|${stageId}`;

export interface MapGridRows {
	regions: readonly Region[];
	stages: readonly LifeStage[];
	entries: readonly Entry[];
	taggings: readonly Tagging[];
	participants: readonly Participant[];
	/** For the sessions whose every participant withdrew (all their evidence is hidden); without them only a participant's own evidence is. */
	sessions?: readonly Session[];
}

/**
 * The map as the screen opens it: its rows and life stages, and per cell how many
 * pieces of evidence and unknown unknowns – from the counts kept with every write
 * (mapAggregate.ts), one row per cell, so a 10k-entry project opens as fast as an
 * empty one. Same numbers as `mapGrid`, which reads the evidence itself.
 */
export interface MapCounts {
	rows: MapGridRow[];
	stages: LifeStage[];
	/** `cellKey(regionId, stageId)` → how many visible pieces of evidence. */
	counts: Map<string, number>;
	unknowns: Map<string, number>;
}

/** Rows (fields, then their sub-regions in order) and the live life line. */
export function gridRows(regions: readonly Region[], stages: readonly LifeStage[]): { rows: MapGridRow[]; fieldOf: Map<string, string>; liveStages: LifeStage[] } {
	const live = regions.filter((r) => !r.deleted).sort((a, b) => a.order - b.order);
	const liveStages = stages.filter((s) => !s.deleted).sort((a, b) => a.order - b.order || a.fromAge - b.fromAge);
	const rows: MapGridRow[] = [];
	const fieldOf = new Map<string, string>();
	for (const field of live.filter((r) => r.parentId === null || !live.some((p) => p.id === r.parentId))) {
		rows.push({ region: field, field, depth: 0 });
		fieldOf.set(field.id, field.id);
		for (const child of live.filter((c) => c.parentId === field.id)) {
			rows.push({ region: child, field, depth: 1 });
			fieldOf.set(child.id, field.id);
		}
	}
	return { rows, fieldOf, liveStages };
}

/** The grid from rows already read (tombstones may be included): shared with exports, which hold a snapshot, not a database. */
export function computeMapGrid({ regions, stages, entries, taggings, participants, sessions = [] }: MapGridRows): MapGrid {
	// The counts obey withdrawn consent like every view (`$lib/domain/redaction`).
	const r = redaction({ participants, sessions, entries: [], highlights: [] });
	const visible = new Map(entries.filter((e) => !e.deleted && !r.entryHidden(e)).map((e) => [e.id, e]));
	const { rows, fieldOf, liveStages } = gridRows(regions, stages);
	const regionsOf = new Map<string, Set<string>>();
	const stagesOf = new Map<string, Set<string>>();
	for (const t of taggings) {
		if (t.deleted || !visible.has(t.targetId)) continue;
		const target = t.kind === 'region' ? regionsOf : t.kind === 'lifeStage' ? stagesOf : null;
		if (!target) continue;
		if (!target.has(t.targetId)) target.set(t.targetId, new Set());
		target.get(t.targetId)!.add(t.tagId);
		if (t.kind === 'region' && fieldOf.has(t.tagId)) target.get(t.targetId)!.add(fieldOf.get(t.tagId)!);
	}
	const cells = new Map<string, string[]>();
	const unknowns = new Map<string, number>();
	for (const [entryId, regionIds] of regionsOf) {
		const stageIds = stagesOf.get(entryId);
		if (!stageIds) continue;
		const unknown = visible.get(entryId)!.kind === 'unknown';
		for (const r of regionIds)
			for (const s of stageIds) {
				const key = cellKey(r, s);
				if (!cells.has(key)) cells.set(key, []);
				cells.get(key)!.push(entryId);
				if (unknown) unknowns.set(key, (unknowns.get(key) ?? 0) + 1);
			}
	}
	return { rows, stages: liveStages, cells, unknowns };
}

/** Cells with at most `threshold` pieces of evidence: where the team may not know what it does not know. */
export function blindSpots(grid: MapGrid | MapCounts, threshold: number): { row: MapGridRow; stage: LifeStage; count: number }[] {
	const out: { row: MapGridRow; stage: LifeStage; count: number }[] = [];
	const countOf = (key: string) => ('counts' in grid ? (grid.counts.get(key) ?? 0) : (grid.cells.get(key)?.length ?? 0));
	for (const row of grid.rows)
		for (const stage of grid.stages) {
			const count = countOf(cellKey(row.region.id, stage.id));
			if (count <= threshold) out.push({ row, stage, count });
		}
	return out;
}
