/**
 * Keeps the screen on while recording: a tablet that goes to sleep mid-interview
 * may suspend the page and the microphone with it. The browser drops the lock when
 * the page is hidden, so it is asked for again when the page comes back. Where
 * there is no Wake Lock API this does nothing. Returns the release.
 */
export function keepScreenAwake(): () => void {
	if (typeof navigator === 'undefined' || !('wakeLock' in navigator) || typeof document === 'undefined') return () => {};
	let sentinel: WakeLockSentinel | null = null;
	let released = false;
	const acquire = async () => {
		if (released || document.visibilityState !== 'visible') return;
		try {
			sentinel = await navigator.wakeLock.request('screen');
			if (released) void sentinel.release();
		} catch {
			// Refused (battery saver, no user gesture): recording goes on regardless.
		}
	};
	const onVisibility = () => void acquire();
	document.addEventListener('visibilitychange', onVisibility);
	void acquire();
	return () => {
		released = true;
		document.removeEventListener('visibilitychange', onVisibility);
		void sentinel?.release().catch(() => {});
		sentinel = null;
	};
}
