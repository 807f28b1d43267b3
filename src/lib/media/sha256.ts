/** Lowercase hex of bytes. */
export function bytesToHex(bytes: ArrayBuffer | Uint8Array): string {
	const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	let hex = '';
	for (const byte of view) hex += byte.toString(16).padStart(2, '0');
	return hex;
}

/** The content hash attachments are stored and uploaded by (64 lowercase hex characters). */
export async function sha256Hex(data: Blob | ArrayBuffer | Uint8Array): Promise<string> {
	const buffer: ArrayBuffer | Uint8Array<ArrayBuffer> =
		data instanceof Blob ? await data.arrayBuffer() : data instanceof Uint8Array ? new Uint8Array(data) : data;
	return bytesToHex(await crypto.subtle.digest('SHA-256', buffer));
}
