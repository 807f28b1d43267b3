import type { z } from 'zod';
import type { SyncedTableName } from '$lib/data/db';
import { projectSchema } from './project';
import { regionSchema } from './region';
import { codingSchema } from './coding';
import { lifeStageSchema } from './lifeStage';
import { participantSchema } from './participant';
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
	votes: voteSchema
};

/** Fields a change may carry: everything but the id and the stamp, which the change itself is. */
export function syncableField(table: SyncedTableName, field: string): z.ZodType | undefined {
	if (field === 'id' || field === 'updatedAt' || field === 'projectId') return undefined;
	return (rowSchemas[table].shape as Record<string, z.ZodType>)[field];
}
