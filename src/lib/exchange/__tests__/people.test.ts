import { describe, expect, it } from 'vitest';
import { exportLabels } from '../labels';
import { peopleNamer } from '../people';

describe('people in an export', () => {
	it('names people by display name, numbers a repeated one, and calls the unknown "Forsker n", never by id', () => {
		const ids = ['0190aaaa-0000-7000-8000-000000000003', 'u-kari-1', 'u-kari-2', '0190aaaa-0000-7000-8000-000000000001', 'local-tablet'];
		const nameOf = peopleNamer(
			[
				{ id: 'u-kari-1', name: 'Kari Nordmann' },
				{ id: 'u-kari-2', name: 'Kari Nordmann' },
				// What a device without a display name reports for itself.
				{ id: 'local-tablet', name: 'local-tablet' }
			],
			ids,
			exportLabels('nb')
		);
		expect(nameOf('u-kari-1')).toBe('Kari Nordmann');
		expect(nameOf('u-kari-2')).toBe('Kari Nordmann (2)');
		// Unknown people in a fixed order (by id), so every export of the snapshot numbers them alike.
		expect(nameOf('0190aaaa-0000-7000-8000-000000000001')).toBe('Forsker 1');
		expect(nameOf('0190aaaa-0000-7000-8000-000000000003')).toBe('Forsker 2');
		expect(nameOf('local-tablet')).toBe('Forsker 3');
		expect(peopleNamer([], ['x'], exportLabels('en'))('x')).toBe('Researcher 1');
	});
});
