import { describe, expect, it } from 'vitest';
import { parseMentions, withMention } from './mentions';

const members = [
	{ id: 'u1', name: 'Kari' },
	{ id: 'u2', name: 'Kari Nord' },
	{ id: 'u3', name: 'Ola' }
];

describe('mentions', () => {
	it('finds each mentioned member once, longest name first', () => {
		expect(parseMentions('@Kari Nord og @ola, se @Ola igjen', members)).toEqual(['u2', 'u3']);
		expect(parseMentions('Hei @kari!', members)).toEqual(['u1']);
	});

	it('ignores an @ that names nobody, or runs into a longer word', () => {
		expect(parseMentions('e-post: a@b.no, @Olav', members)).toEqual([]);
	});

	it('adds a mention with a space', () => {
		expect(withMention('', members[2])).toBe('@Ola ');
		expect(withMention('Se her', members[2])).toBe('Se her @Ola ');
		expect(withMention('Se @Ola ', members[2])).toBe('Se @Ola ');
	});
});
