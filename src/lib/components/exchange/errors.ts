import { m } from '$lib/i18n/generated/messages';
import { ExchangeError } from '$lib/exchange/qdc';
import { BackupSealError } from '$lib/crypto/backupSeal';

/** A translated sentence for whatever an export, import or restore threw. */
export function exchangeErrorMessage(error: unknown): string {
	if (error instanceof ExchangeError) {
		const messages: Record<ExchangeError['code'], () => string> = {
			emptyCodebook: m.export_error_emptyCodebook,
			invalidCodebook: m.export_error_invalidCodebook,
			invalidBackup: m.export_error_invalidBackup,
			backupVersion: m.export_error_backupVersion,
			backupDamaged: m.export_error_backupDamaged
		};
		return messages[error.code]();
	}
	if (error instanceof BackupSealError) return error.code === 'wrongPassphrase' ? m.export_error_wrongPassphrase() : m.export_error_sealedDamaged();
	return m.export_error_failed({ message: error instanceof Error ? error.message : String(error) });
}
