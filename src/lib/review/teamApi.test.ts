import { describe, expect, it } from 'vitest';
import { displayInviteCode, isLastOwner, openInvites, type ServerInvite } from './teamApi';

const invite = (code: string, status: ServerInvite['status'], expiresAt: string): ServerInvite => ({
	code,
	role: 'reviewer',
	status,
	createdAt: '2026-05-01T08:00:00.000Z',
	expiresAt,
	usedBy: null
});

describe('the team page rules', () => {
	it('lists only open invitations, soonest to expire first', () => {
		const list = [invite('AAAAAAAA', 'used', '2026-05-02'), invite('BBBBBBBB', 'open', '2026-05-09'), invite('CCCCCCCC', 'open', '2026-05-03'), invite('DDDDDDDD', 'expired', '2026-05-01')];
		expect(openInvites(list).map((i) => i.code)).toEqual(['CCCCCCCC', 'BBBBBBBB']);
		expect(displayInviteCode('ABCDEFGH')).toBe('ABCD-EFGH');
	});

	it('never offers to demote or remove the only owner', () => {
		const one = [
			{ userId: 'a', role: 'owner' as const },
			{ userId: 'b', role: 'reviewer' as const }
		];
		expect(isLastOwner(one, 'a')).toBe(true);
		expect(isLastOwner(one, 'b')).toBe(false);
		expect(isLastOwner([...one, { userId: 'c', role: 'owner' as const }], 'a')).toBe(false);
	});
});
