/**
 * Whether an error means the device is out of storage: the DOMException
 * `QuotaExceededError` from IndexedDB, Dexie's wrapper of the same name (or an
 * AbortError/BulkError carrying it inside), and the legacy codes older engines use.
 */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
	if (!error || typeof error !== 'object' || depth > 5) return false;
	const e = error as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
	if (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
	if (e.code === 22 || e.code === 1014) return true;
	if (isQuotaExceeded(e.inner, depth + 1) || isQuotaExceeded(e.cause, depth + 1)) return true;
	if (Array.isArray(e.failures)) return e.failures.some((f) => isQuotaExceeded(f, depth + 1));
	return false;
}
