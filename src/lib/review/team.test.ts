import { describe, expect, it } from 'vitest';
import { memberName, teamMembers } from './team';

describe('team members for mentions', () => {
	it('joins self, server members and session researchers without doubles', () => {
		const members = teamMembers({
			self: { userId: 'local-1', displayName: '' },
			selfFallbackName: 'meg',
			serverMembers: [{ userId: 'u2', displayName: 'Kari Nord', email: 'kari@x.no', role: 'reviewer' }],
			sessionResearchers: ['Kari Nord', 'Ola', ' ola ']
		});
		expect(members).toEqual([
			{ id: 'local-1', name: 'meg' },
			{ id: 'u2', name: 'Kari Nord' },
			{ id: 'name:Ola', name: 'Ola' }
		]);
		expect(memberName(members, 'u2')).toBe('Kari Nord');
		expect(memberName(members, 'name:Per')).toBe('Per');
		expect(memberName(members, 'local-zz')).toBeNull();
	});
});
