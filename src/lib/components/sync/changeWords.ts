import type { RejectedRecord } from '$lib/data/db';
import { m } from '$lib/i18n/generated/messages';

/** A table as the field calls its rows ("bevis", "notat"). */
const tableWords: Record<RejectedRecord['table'], () => string> = {
	projects: m.rejected_table_projects,
	regions: m.rejected_table_regions,
	lifeStages: m.rejected_table_lifeStages,
	participants: m.rejected_table_participants,
	sessions: m.rejected_table_sessions,
	notes: m.rejected_table_notes,
	noteUpdates: m.rejected_table_notes,
	entries: m.rejected_table_entries,
	highlights: m.rejected_table_highlights,
	codes: m.rejected_table_codes,
	taggings: m.rejected_table_taggings,
	attachments: m.rejected_table_attachments,
	boards: m.rejected_table_boards,
	clusters: m.rejected_table_clusters,
	clusterMembers: m.rejected_table_clusterMembers,
	insights: m.rejected_table_insights,
	innovationAreas: m.rejected_table_innovationAreas,
	comments: m.rejected_table_comments,
	votes: m.rejected_table_votes,
	codings: m.rejected_table_codings,
	consentEvents: m.rejected_table_consentEvents,
	erasures: m.rejected_table_erasures
};

/** The fields people write, in their words; anything else is named as the field it is. */
const fieldWords: Record<string, () => string> = {
	text: m.rejected_field_text,
	$yjs: m.rejected_field_text,
	kind: m.rejected_field_kind,
	title: m.rejected_field_title,
	name: m.rejected_field_name,
	description: m.rejected_field_description,
	date: m.rejected_field_date,
	place: m.rejected_field_place,
	colour: m.rejected_field_colour,
	parentId: m.rejected_field_parentId,
	deleted: m.rejected_field_deleted,
	createdBy: m.rejected_field_createdBy,
	createdAt: m.rejected_field_createdAt,
	reviewStatus: m.rejected_field_reviewStatus,
	reviewedBy: m.rejected_field_reviewedBy,
	reviewedAt: m.rejected_field_reviewedAt,
	tagId: m.rejected_field_tagId,
	code: m.rejected_field_code,
	consent: m.rejected_field_consent,
	statement: m.rejected_field_statement,
	voter: m.rejected_field_voter,
	dots: m.rejected_field_dots,
	coder: m.rejected_field_coder,
	codeId: m.rejected_field_codeId,
	municipality: m.rejected_field_municipality,
	age: m.rejected_field_age,
	ageBand: m.rejected_field_ageBand,
	source: m.rejected_field_source,
	attributes: m.rejected_field_attributes,
	researchers: m.rejected_field_researchers,
	lifeStageId: m.rejected_field_lifeStageId
};

/** "Tekst på bevis": which field of what a change touched. */
export function changeWhat(change: Pick<RejectedRecord, 'table' | 'field'>): string {
	const table = (tableWords[change.table] ?? (() => change.table))();
	// A created row travels whole, as one change.
	if (change.field === '$row') return m.rejected_change_row({ table });
	const field = fieldWords[change.field];
	return field ? m.rejected_change_field({ field: field(), table }) : m.rejected_change_other_field({ field: change.field, table });
}

/** Why the server refused a change, and what to do about it. */
const reasons: Record<string, () => string> = {
	forbidden: m.rejected_reason_forbidden,
	invalid_value: m.rejected_reason_invalid_value,
	unknown_field: m.rejected_reason_unknown_field,
	clock_ahead: m.rejected_reason_clock_ahead,
	wrong_project: m.rejected_reason_wrong_project,
	row_incomplete: m.rejected_reason_row_incomplete,
	row_missing: m.rejected_reason_row_missing,
	wrong_author: m.rejected_reason_wrong_author,
	invalid_update: m.rejected_reason_invalid_update,
	too_large: m.rejected_reason_too_large,
	code_taken: m.rejected_reason_code_taken,
	consent_missing: m.rejected_reason_consent_missing,
	erased: m.rejected_reason_erased,
	erasure_final: m.rejected_reason_erasure_final
};

/** The reason in the user's language; a code this version does not know keeps the server's words. */
export function rejectionReason(change: Pick<RejectedRecord, 'code' | 'message'>): string {
	return reasons[change.code]?.() ?? m.rejected_reason_other({ message: change.message });
}
