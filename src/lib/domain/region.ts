import { z } from 'zod';
import { nonEmptyText, optionalText, rowBase } from './row';

/** The four fields of the GIGA-map, plus any custom colour a team adds. */
export const mapFields = ['blue', 'yellow', 'green', 'red'] as const;
export const regionFieldSchema = z.union([z.enum(mapFields), z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'invalidColour' })]);
export type RegionField = z.infer<typeof regionFieldSchema>;

export const layoutBox = z.object({
	x: z.number().finite(),
	y: z.number().finite(),
	w: z.number().finite().positive(),
	h: z.number().finite().positive()
});

export const regionFields = z.object({
	parentId: z.string().max(64).nullable().default(null),
	field: regionFieldSchema,
	name: nonEmptyText(200),
	description: optionalText(4000).default(''),
	order: z.number().finite().default(0),
	layout: layoutBox.nullable().default(null)
});

export const regionSchema = rowBase.extend(regionFields.shape);
export type Region = z.infer<typeof regionSchema>;
export type RegionInput = z.input<typeof regionFields>;
