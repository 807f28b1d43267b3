import { z } from 'zod';
import type { SyncedTableName } from './tables';
import { projectSchema } from './project';
import { regionSchema } from './region';
import { codingSchema } from './coding';
import { lifeStageSchema } from './lifeStage';
import { participantSchema } from './participant';
import { consentEventSchema } from './consentEvent';
import { erasureSchema } from './erasure';
import { sessionSchema } from './session';
import { noteSchema } from './note';
import { entrySchema } from './entry';
import { highlightSchema } from './highlight';
import { codeSchema } from './code';
import { taggingSchema } from './tagging';
import { attachmentSchema } from './attachment';
import { boardSchema, clusterMemberSchema, clusterSchema, commentSchema, innovationAreaSchema, insightSchema, voteSchema } from './review';

/** The full row schema of every synced table: what a field may hold, wherever it comes from. */
export const rowSchemas: Record<SyncedTableName, z.ZodObject> = {
	projects: projectSchema,
	regions: regionSchema,
	lifeStages: lifeStageSchema,
	participants: participantSchema,
	sessions: sessionSchema,
	notes: noteSchema,
	entries: entrySchema,
	highlights: highlightSchema,
	codes: codeSchema,
	taggings: taggingSchema,
	codings: codingSchema,
	attachments: attachmentSchema,
	boards: boardSchema,
	clusters: clusterSchema,
	clusterMembers: clusterMemberSchema,
	insights: insightSchema,
	innovationAreas: innovationAreaSchema,
	comments: commentSchema,
	votes: voteSchema,
	consentEvents: consentEventSchema,
	erasures: erasureSchema
};

/** Fields a change may carry: everything but the id and the stamp, which the change itself is. */
export function syncableField(table: SyncedTableName, field: string): z.ZodType | undefined {
	if (field === 'id' || field === 'updatedAt' || field === 'projectId') return undefined;
	const shape = rowSchemas[table].shape as Record<string, z.ZodType>;
	// Own keys only: `__proto__` or `toString` are not fields, however a device spells them.
	return Object.hasOwn(shape, field) ? shape[field] : undefined;
}

const addressedSchemas = new Map<SyncedTableName, z.ZodObject>();

/**
 * The full row schema with the id as rows are addressed on the wire (up to 200
 * characters): ids derived from what a row is (`tg:<kind>:<target>:<tag>`) are longer
 * than a UUID.
 */
export function addressedRowSchema(table: SyncedTableName): z.ZodObject {
	let schema = addressedSchemas.get(table);
	if (!schema) {
		schema = rowSchemas[table].extend({ id: z.string().min(1).max(200) });
		addressedSchemas.set(table, schema);
	}
	return schema;
}

const required = new Map<SyncedTableName, string[]>();

/** Fields without which a row does not parse: those whose schema takes no `undefined` (no default, not optional). */
export function requiredFields(table: SyncedTableName): string[] {
	let fields = required.get(table);
	if (!fields) {
		const shape = rowSchemas[table].shape as Record<string, z.ZodType>;
		fields = Object.keys(shape).filter((field) => !shape[field].safeParse(undefined).success);
		required.set(table, fields);
	}
	return fields;
}
