import { projectFields } from '$lib/domain/project';
import { regionFields } from '$lib/domain/region';
import { lifeStageFields, lifeStageIssues } from '$lib/domain/lifeStage';
import { participantFields } from '$lib/domain/participant';
import { consentEventFields } from '$lib/domain/consentEvent';
import { erasureFields } from '$lib/domain/erasure';
import { sessionFields } from '$lib/domain/session';
import { noteFields } from '$lib/domain/note';
import { entryFields } from '$lib/domain/entry';
import { highlightFields } from '$lib/domain/highlight';
import { codeFields } from '$lib/domain/code';
import { attachmentFields } from '$lib/domain/attachment';
import {
	boardFields,
	clusterFields,
	clusterMemberFields,
	commentFields,
	innovationAreaFields,
	insightFields,
	voteFields
} from '$lib/domain/review';
import type { DataContext } from './context';
import { Repository } from './repository';
import { codingFields } from '$lib/domain/coding';
import { TaggingRepository } from './taggingRepository';
import { attributionFields, captureGateTables, requireConsent } from './captureGate';
import type { AdmitRule } from './repository';

/**
 * Evidence attributed to a participant (directly, or through the session it was captured
 * in) needs their consent to notes: every screen and import that writes through the
 * repositories obeys it, not only the forms that show it.
 */
const notesConsent = <N extends 'entries' | 'highlights'>(): AdmitRule<N> => ({
	tables: captureGateTables,
	fields: attributionFields,
	check: (db, row) => requireConsent(db, row.projectId, row as { sessionId?: string | null; participantId?: string | null }, 'notes')
});

/** Every synced aggregate's repository, bound to one data context. */
export function createRepositories(ctx: DataContext) {
	const codings = new Repository(ctx, { table: 'codings', fields: codingFields });
	return {
		projects: new Repository(ctx, { table: 'projects', fields: projectFields }),
		regions: new Repository(ctx, { table: 'regions', fields: regionFields }),
		lifeStages: new Repository(ctx, { table: 'lifeStages', fields: lifeStageFields, check: lifeStageIssues }),
		participants: new Repository(ctx, { table: 'participants', fields: participantFields }),
		sessions: new Repository(ctx, { table: 'sessions', fields: sessionFields }),
		notes: new Repository(ctx, { table: 'notes', fields: noteFields }),
		entries: new Repository(ctx, { table: 'entries', fields: entryFields, admit: notesConsent<'entries'>() }),
		highlights: new Repository(ctx, { table: 'highlights', fields: highlightFields, admit: notesConsent<'highlights'>() }),
		codes: new Repository(ctx, { table: 'codes', fields: codeFields }),
		taggings: new TaggingRepository(ctx, codings),
		codings,
		attachments: new Repository(ctx, { table: 'attachments', fields: attachmentFields }),
		boards: new Repository(ctx, { table: 'boards', fields: boardFields }),
		clusters: new Repository(ctx, { table: 'clusters', fields: clusterFields }),
		clusterMembers: new Repository(ctx, { table: 'clusterMembers', fields: clusterMemberFields }),
		insights: new Repository(ctx, { table: 'insights', fields: insightFields }),
		innovationAreas: new Repository(ctx, { table: 'innovationAreas', fields: innovationAreaFields }),
		comments: new Repository(ctx, { table: 'comments', fields: commentFields }),
		votes: new Repository(ctx, { table: 'votes', fields: voteFields }),
		consentEvents: new Repository(ctx, { table: 'consentEvents', fields: consentEventFields }),
		erasures: new Repository(ctx, { table: 'erasures', fields: erasureFields })
	};
}

export type Repositories = ReturnType<typeof createRepositories>;
