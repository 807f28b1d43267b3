/**
 * How an innovation area's regions are drawn on the system map: as a closed loop
 * that visits the regions in the order the team listed them (the order of the
 * systemic loop, not the map's), and comes back to the first. The map lays
 * regions out as rows, so every stop sits in the same column; each leg is a
 * curve bulging into the grid – legs going up bulge further than legs going
 * down, so the way back encloses the way out and the figure reads as a loop.
 */

export interface LoopStop {
	regionId: string;
	x: number;
	y: number;
}

export interface LoopLeg {
	from: string;
	to: string;
	/** An SVG path (`M … Q …`) from one stop to the next. */
	d: string;
}

const baseBulge = 36;

/** The stops of an area's loop at the given row centres; regions missing from the map are left out. */
export function loopStops(regionIds: readonly string[], rowCentre: (regionId: string) => number | undefined, x: number): LoopStop[] {
	const seen = new Set<string>();
	const stops: LoopStop[] = [];
	for (const regionId of regionIds) {
		const y = rowCentre(regionId);
		if (y === undefined || seen.has(regionId)) continue;
		seen.add(regionId);
		stops.push({ regionId, x, y });
	}
	return stops;
}

/** The legs of the loop: one per stop, the last one returning to the first. A single region loops onto itself. */
export function loopLegs(stops: readonly LoopStop[]): LoopLeg[] {
	if (stops.length === 0) return [];
	if (stops.length === 1) {
		const { regionId, x, y } = stops[0];
		// A small circle to the right of the stop: the region feeds back into itself.
		const r = 14;
		return [{ from: regionId, to: regionId, d: `M ${x} ${y} a ${r} ${r} 0 1 1 0 0.1` }];
	}
	return stops.map((from, i) => {
		const to = stops[(i + 1) % stops.length];
		const dy = to.y - from.y;
		const bulge = baseBulge + (dy < 0 ? 0.6 : 0.25) * Math.abs(dy);
		const cx = Math.max(from.x, to.x) + bulge;
		const cy = (from.y + to.y) / 2;
		return { from: from.regionId, to: to.regionId, d: `M ${from.x} ${from.y} Q ${cx} ${cy} ${to.x} ${to.y}` };
	});
}
