import { z } from 'zod';

/**
 * Fields every synced row carries. `updatedAt` is a hybrid-logical-clock stamp,
 * not wall time, so edits made offline on skewed tablets still order correctly.
 * `deleted` is 0/1 rather than boolean because IndexedDB cannot index booleans,
 * and rows are never hard-deleted before the server prunes tombstones.
 */
export const rowBase = z.object({
	id: z.string().min(1).max(64),
	projectId: z.string().min(1).max(64),
	createdAt: z.string().min(1),
	createdBy: z.string().min(1).max(64),
	updatedAt: z.string().min(1),
	deleted: z.union([z.literal(0), z.literal(1)])
});

export type RowBase = z.infer<typeof rowBase>;

/** The fields a repository stamps itself; callers never supply them. */
export type StampedField = keyof RowBase;
export const stampedFields = ['id', 'projectId', 'createdAt', 'createdBy', 'updatedAt', 'deleted'] as const;

export const nonEmptyText = (max: number) => z.string().trim().min(1, { error: 'required' }).max(max, { error: 'tooLong' });
export const optionalText = (max: number) => z.string().trim().max(max, { error: 'tooLong' });
export const isoDate = z.iso.date({ error: 'invalidDate' });
