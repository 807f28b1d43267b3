import { z } from 'zod';
import { syncedTableNames } from '$lib/data/db';

/**
 * What travels between a device and the server. One schema, used by the
 * client to build requests and by the server to validate them.
 */
export const wireTableSchema = z.enum([...syncedTableNames, 'noteUpdates']);
export type WireTable = z.infer<typeof wireTableSchema>;

/** The Yjs update of a note travels as a change to this pseudo-field, base64-encoded. */
export const yjsField = '$yjs';

export const wireChangeSchema = z.object({
	opId: z.string().min(1).max(64),
	hlc: z.string().regex(/^\d{15}:[0-9a-f]{4}:[0-9a-z-]{1,64}$/),
	table: wireTableSchema,
	rowId: z.string().min(1).max(200),
	field: z.string().min(1).max(64),
	value: z.unknown()
});
export type WireChange = z.infer<typeof wireChangeSchema>;

export const MAX_PUSH_CHANGES = 1000;
export const pushRequestSchema = z.object({
	changes: z.array(wireChangeSchema).max(MAX_PUSH_CHANGES)
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export interface RejectedChange {
	opId: string;
	code: 'invalid_value' | 'unknown_field' | 'forbidden' | 'clock_ahead' | 'wrong_project';
	message: string;
}

export type PushResponse = { accepted: string[]; rejected: RejectedChange[] };

export interface PulledChange extends WireChange {
	seq: number;
}
export interface PullResponse {
	changes: PulledChange[];
	cursor: number;
	hasMore: boolean;
}

export function toBase64(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
	const s = atob(text);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}
