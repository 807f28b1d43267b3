import { describe, expect, it } from 'vitest';
import { mayWrite } from './permissions';

describe('who may write what', () => {
	it('researchers and owners write evidence and notes; only owners delete a project', () => {
		expect(mayWrite('researcher', 'entries', 'text')).toBe(true);
		expect(mayWrite('researcher', 'noteUpdates', '$yjs')).toBe(true);
		expect(mayWrite('researcher', 'projects', 'deleted')).toBe(false);
		expect(mayWrite('owner', 'projects', 'deleted')).toBe(true);
	});

	it('reviewers comment, cluster and set review status, but never change evidence text or notes', () => {
		expect(mayWrite('reviewer', 'comments', 'text')).toBe(true);
		expect(mayWrite('reviewer', 'insights', 'status')).toBe(true);
		expect(mayWrite('reviewer', 'entries', 'reviewStatus')).toBe(true);
		expect(mayWrite('reviewer', 'entries', 'text')).toBe(false);
		expect(mayWrite('reviewer', 'noteUpdates', '$yjs')).toBe(false);
		expect(mayWrite('reviewer', 'taggings', 'deleted')).toBe(false);
		expect(mayWrite('reviewer', 'participants', 'consent')).toBe(false);
	});
});
