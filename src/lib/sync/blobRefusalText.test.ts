import { expect, it } from 'vitest';
import { blobRefusalCodes } from '$lib/domain/attachmentTypes';
import { blobRefusalText } from './blobRefusalText';

it('says every refusal in Bokmål and in English', () => {
	for (const locale of ['nb', 'en'] as const) {
		const texts = blobRefusalCodes.map((code) => blobRefusalText(code, locale));
		expect(new Set(texts).size, locale).toBe(blobRefusalCodes.length);
		for (const text of texts) expect(text).not.toMatch(/blob_|\{/);
	}
	expect(blobRefusalText('too_large', 'nb')).toContain('500 MB');
	expect(blobRefusalText('quota_exceeded', 'nb')).toContain('lagringsplassen');
	expect(blobRefusalText('unsupported_type', 'en')).toContain('JPEG, PNG or WebP');
});
