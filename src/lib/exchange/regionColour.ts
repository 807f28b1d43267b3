import type { Region } from '$lib/domain/region';
import { mapFields } from '$lib/domain/region';

/** The colour a region is drawn in a QDA tool: its own, or its field's. */
export const fieldColours: Record<(typeof mapFields)[number], string> = {
	blue: '#2563eb',
	yellow: '#eab308',
	green: '#16a34a',
	red: '#dc2626'
};

export function regionColour(region: Pick<Region, 'field'>): string {
	return region.field.startsWith('#') ? region.field : fieldColours[region.field as (typeof mapFields)[number]];
}
