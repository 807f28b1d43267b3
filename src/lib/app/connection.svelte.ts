/** Whether the device has a network at all; the sync engine reports server reachability separately. */
export const connection = $state({ online: typeof navigator === 'undefined' ? true : navigator.onLine });

export function watchConnection(): () => void {
	const update = () => (connection.online = navigator.onLine);
	window.addEventListener('online', update);
	window.addEventListener('offline', update);
	update();
	return () => {
		window.removeEventListener('online', update);
		window.removeEventListener('offline', update);
	};
}
