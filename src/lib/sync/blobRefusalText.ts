import { MAX_ATTACHMENT_BYTES, type BlobRefusalCode } from '$lib/domain/attachmentTypes';
import { m } from '$lib/i18n/generated/messages';
import { getLocale } from '$lib/i18n/generated/runtime';

type Locale = ReturnType<typeof getLocale>;

const megabytes = (bytes: number, locale: Locale) =>
	new Intl.NumberFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: 0 }).format(bytes / (1024 * 1024)) + ' MB';

/** Why an attachment was not uploaded, in the user's language. */
export function blobRefusalText(code: BlobRefusalCode, locale: Locale = getLocale()): string {
	const options = { locale };
	switch (code) {
		case 'unsupported_type':
			return m.blob_refused_unsupported_type({}, options);
		case 'type_mismatch':
			return m.blob_refused_type_mismatch({}, options);
		case 'too_large':
			return m.blob_refused_too_large({ max: megabytes(MAX_ATTACHMENT_BYTES, locale) }, options);
		case 'quota_exceeded':
			return m.blob_refused_quota_exceeded({}, options);
		case 'corrupt':
			return m.blob_refused_corrupt({}, options);
		case 'invalid':
			return m.blob_refused_invalid({}, options);
	}
}
