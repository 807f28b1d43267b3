import { z } from 'zod';

/**
 * Presence: who of the team is on which screen of a project right now. Shared by the
 * server and the device; no device database, no Node. Presence is ephemeral by design — held in
 * the server's memory only, never in the database or the change log, and gone within
 * `PRESENCE_TTL_MS` of a tablet leaving (or losing its network) — so it can never
 * become a record of where a researcher was.
 */
export const PRESENCE_SCREENS = ['library', 'session', 'map', 'board', 'review', 'presentation', 'other'] as const;
export type PresenceScreen = (typeof PRESENCE_SCREENS)[number];

/** A report not refreshed within this is dropped (the tablet left, slept or lost the network). */
export const PRESENCE_TTL_MS = 30_000;
/** How often a visible tab says it is still there: twice per TTL, so one lost report never drops it. */
export const PRESENCE_REFRESH_MS = 15_000;
/** A report is a few ids; anything larger is not one. */
export const MAX_PRESENCE_BYTES = 1024;

// Ids only (a session's or a board's id, a card's id): never titles or text, which could name a participant.
const id = z
	.string()
	.max(160)
	.regex(/^[A-Za-z0-9_.:-]+$/);

const counter = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const yId = z.object({ client: counter, clock: counter }).strict();
/**
 * A place in a session's note as Yjs writes it (`Y.relativePositionToJSON`): numbers and the
 * shared type's name only, never text, so a caret can be shown on another tablet.
 */
export const notePositionSchema = z
	.object({
		type: yId.nullable().optional(),
		tname: id.nullable().optional(),
		item: yId.nullable().optional(),
		assoc: z.number().int().min(-1).max(1).optional()
	})
	.strict();
export const noteCursorSchema = z.object({ anchor: notePositionSchema, head: notePositionSchema }).strict();
export type NoteCursor = z.infer<typeof noteCursorSchema>;

/** What a tab sends: where it is (`screen: null` = it left the project). */
export const presenceReportSchema = z
	.object({
		/** One per browser tab, so two tabs of one person are two places, and a reload is the same one. */
		tab: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
		screen: z.enum(PRESENCE_SCREENS).nullable(),
		/** The session or board open on that screen. */
		target: id.nullable().default(null),
		/** The board card this tab is dragging now. */
		dragging: id.nullable().default(null),
		/** This tab is the presenter: on the presentation, `target` is the slide shown, which followers go to. */
		presenting: z.boolean().default(false),
		/** In a session: the caret and selection in its note, for the others writing in it. */
		cursor: noteCursorSchema.nullable().default(null)
	})
	.strict();
export type PresenceReport = z.infer<typeof presenceReportSchema>;

/** One tab of one member, as the others see it. */
export const presenceEntrySchema = z.object({
	tab: z.string(),
	userId: z.string(),
	name: z.string(),
	screen: z.enum(PRESENCE_SCREENS),
	target: z.string().nullable(),
	dragging: z.string().nullable(),
	presenting: z.boolean(),
	cursor: noteCursorSchema.nullable()
});
export type PresenceEntry = z.infer<typeof presenceEntrySchema>;

/** The server's answer to a report, and the data of the live stream's `presence` event. */
export const presenceListSchema = z.object({ here: z.array(presenceEntrySchema).max(1000) });

/** The screen a path of the app is, with the session or board it shows. */
export function screenOf(pathname: string): { screen: PresenceScreen; target: string | null } {
	const parts = pathname.split('/').filter(Boolean);
	const target = (i: number) => (parts[i] && /^[A-Za-z0-9_.:-]{1,160}$/.test(parts[i]) ? parts[i] : null);
	if (parts[0] === 'sessions' && parts[1]) return { screen: 'session', target: target(1) };
	if (parts[0] === 'review' && parts[1] === 'boards' && parts[2]) return { screen: 'board', target: target(2) };
	if (parts[0] === 'review') return { screen: 'review', target: null };
	if (parts[0] === 'present') return { screen: 'presentation', target: null };
	if (parts[0] === 'map') return { screen: 'map', target: null };
	if (parts[0] === 'library') return { screen: 'library', target: null };
	return { screen: 'other', target: null };
}
