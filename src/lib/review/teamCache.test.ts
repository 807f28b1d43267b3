import { describe, expect, it } from 'vitest';
import { can, setReviewRole } from './role.svelte';
import { parseTeamCache, roleOf } from './teamCache';

const team = {
	members: [
		{ userId: 'u1', displayName: 'Ada Eier', email: 'ada@x.no', role: 'owner' as const },
		{ userId: 'u3', displayName: 'Cato', email: 'cato@x.no', role: 'reviewer' as const }
	]
};

describe('the role on the device', () => {
	it('reads a member\'s role from the cached team, unknown when the member or team is', () => {
		expect(roleOf(team, 'u3')).toBe('reviewer');
		expect(roleOf(team, 'u9')).toBeNull();
		expect(roleOf(undefined, 'u1')).toBeNull();
	});

	it('keeps only a well-formed stored team', () => {
		expect(parseTeamCache(team)).toEqual(team);
		expect(parseTeamCache({ members: [{ userId: 'u1', role: 'boss' }] })).toBeNull();
		expect(parseTeamCache('[]')).toBeNull();
	});

	it('can() follows the current role with the one write rule', () => {
		setReviewRole('reviewer');
		expect(can('notes', 'text')).toBe(false);
		expect(can('entries', 'text')).toBe(false);
		expect(can('participants', 'consentStatus')).toBe(false);
		expect(can('codes', 'name')).toBe(false);
		expect(can('taggings', 'tagId')).toBe(false);
		expect(can('entries', 'reviewStatus')).toBe(true);
		expect(can('comments', 'body')).toBe(true);
		setReviewRole('researcher');
		expect(can('notes', 'text')).toBe(true);
		expect(can('projects', 'deleted')).toBe(false);
		setReviewRole('owner');
		expect(can('projects', 'deleted')).toBe(true);
	});
});
