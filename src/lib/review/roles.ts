import { mayWrite, type Role } from '$lib/domain/permissions';

/** Whether a role may change evidence (entry text, tags): owners and researchers, never reviewers. */
export function canEditEvidence(role: Role): boolean {
	return mayWrite(role, 'entries', 'text') && mayWrite(role, 'taggings', 'tagId');
}

/** Whether a role may do review work: mark entries, cluster, write insights and areas, comment, vote. */
export function canReview(role: Role): boolean {
	return mayWrite(role, 'entries', 'reviewStatus') && mayWrite(role, 'insights', 'statement') && mayWrite(role, 'clusterMembers', 'clusterId');
}
