/** Hands bytes to the browser as a download (works offline: nothing leaves the device). */
export function download(body: Uint8Array | string, fileName: string, mime: string): void {
	const blob = new Blob([typeof body === 'string' ? body : (body as Uint8Array<ArrayBuffer>)], { type: mime });
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	document.body.append(a);
	a.click();
	a.remove();
	// The click has started the download; the URL can go once the browser has read it.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
