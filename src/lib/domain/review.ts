import { z } from 'zod';
import { nonEmptyText, optionalText, rowBase } from './row';

export const boardFields = z.object({ name: nonEmptyText(200) });
export const boardSchema = rowBase.extend(boardFields.shape);
export type Board = z.infer<typeof boardSchema>;

export const clusterFields = z.object({
	boardId: z.string().min(1).max(64),
	name: optionalText(200).default(''),
	colour: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#fde68a'),
	x: z.number().finite().default(0),
	y: z.number().finite().default(0)
});
export const clusterSchema = rowBase.extend(clusterFields.shape);
export type Cluster = z.infer<typeof clusterSchema>;

/** id = `cm:${boardId}:${entryId}` so a card sits in at most one cluster per board. */
export const clusterMemberFields = z.object({
	boardId: z.string().min(1).max(64),
	clusterId: z.string().min(1).max(64),
	entryId: z.string().min(1).max(64)
});
export const clusterMemberSchema = rowBase.extend(clusterMemberFields.shape);
export type ClusterMember = z.infer<typeof clusterMemberSchema>;

export const insightFields = z.object({
	statement: nonEmptyText(4000),
	confidence: z.enum(['low', 'medium', 'high']).default('medium'),
	status: z.enum(['draft', 'agreed']).default('draft'),
	evidenceIds: z.array(z.string().max(64)).default([])
});
export const insightSchema = rowBase.extend(insightFields.shape);
export type Insight = z.infer<typeof insightSchema>;

export const innovationAreaFields = z.object({
	name: nonEmptyText(200),
	loop: optionalText(8000).default(''),
	insightIds: z.array(z.string().max(64)).default([]),
	regionIds: z.array(z.string().max(64)).default([]),
	portfolio: optionalText(200).default(''),
	mainProject: z.boolean().default(false)
});
export const innovationAreaSchema = rowBase.extend(innovationAreaFields.shape);
export type InnovationArea = z.infer<typeof innovationAreaSchema>;

export const commentFields = z.object({
	targetId: z.string().min(1).max(64),
	text: nonEmptyText(4000),
	mentions: z.array(z.string().max(64)).default([])
});
export const commentSchema = rowBase.extend(commentFields.shape);
export type Comment = z.infer<typeof commentSchema>;

/** id = `vote:${clusterId}:${userId}:${n}` – a reviewer's dots on a cluster. */
export const voteFields = z.object({
	clusterId: z.string().min(1).max(64),
	voter: z.string().min(1).max(64),
	dots: z.number().int().min(0).max(10)
});
export const voteSchema = rowBase.extend(voteFields.shape);
export type Vote = z.infer<typeof voteSchema>;
