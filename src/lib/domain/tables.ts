import type { Project } from './project';
import type { Region } from './region';
import type { LifeStage } from './lifeStage';
import type { Participant } from './participant';
import type { ConsentEvent } from './consentEvent';
import type { Erasure } from './erasure';
import type { Session } from './session';
import type { Note } from './note';
import type { Entry } from './entry';
import type { Highlight } from './highlight';
import type { Code } from './code';
import type { Tagging } from './tagging';
import type { Coding } from './coding';
import type { Attachment } from './attachment';
import type { Board, Cluster, ClusterMember, Comment, InnovationArea, Insight, Vote } from './review';

/**
 * The synced tables, in the field's words: what a device and the server exchange. Kept
 * in the domain (no storage code), so the server and the wire format can name the tables
 * without pulling in the device's database (Dexie).
 */
export interface SyncedTables {
	projects: Project;
	regions: Region;
	lifeStages: LifeStage;
	participants: Participant;
	sessions: Session;
	notes: Note;
	entries: Entry;
	highlights: Highlight;
	codes: Code;
	taggings: Tagging;
	codings: Coding;
	attachments: Attachment;
	boards: Board;
	clusters: Cluster;
	clusterMembers: ClusterMember;
	insights: Insight;
	innovationAreas: InnovationArea;
	comments: Comment;
	votes: Vote;
	consentEvents: ConsentEvent;
	erasures: Erasure;
}
export type SyncedTableName = keyof SyncedTables;

export const syncedTableNames = [
	'projects',
	'regions',
	'lifeStages',
	'participants',
	'sessions',
	'notes',
	'entries',
	'highlights',
	'codes',
	'taggings',
	'attachments',
	'boards',
	'clusters',
	'clusterMembers',
	'insights',
	'innovationAreas',
	'comments',
	'votes',
	'codings',
	'consentEvents',
	'erasures'
] as const satisfies readonly SyncedTableName[];
