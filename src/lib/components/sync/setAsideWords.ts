import type { RejectedRecord, SetAsideReason, SetAsideRecord } from '$lib/data/db';
import { m } from '$lib/i18n/generated/messages';
import { changeWhat } from './changeWords';

const reasons: Record<SetAsideReason, () => string> = {
	unknown_table: m.sync_setaside_unknown_table,
	unknown_field: m.sync_setaside_unknown_field,
	invalid_value: m.sync_setaside_invalid_value,
	invalid_update: m.sync_setaside_invalid_update
};

/**
 * A pulled change this device set aside, in words: what it was about ("Tekst
 * på bevis"; a table from a newer build is named as it is called) and why it
 * was not used.
 */
export function setAsideText(r: Pick<SetAsideRecord, 'table' | 'field' | 'reason'>): string {
	const what = changeWhat({ table: r.table as RejectedRecord['table'], field: r.field });
	const reason = (Object.hasOwn(reasons, r.reason) ? reasons[r.reason] : m.sync_setaside_invalid_value)();
	return m.sync_setaside_item({ what, reason });
}
