import { waitFor } from './page';
import type { Session } from './webdriver';

// The download itself is the browser's (WebKitGTK's automation browser has no download
// folder a test can read): these take the file where the app hands it over – the
// `<a download>` it clicks – and keep everything before and after real.

export interface Handed {
	name: string;
	base64: string;
}

/** Catches the files the page hands to the browser as downloads (a blob URL on an `<a download>`). */
export async function catchDownloads(session: Session): Promise<void> {
	await session.execute(`
		window.__handed = [];
		window.__handedErrors = [];
		const blobs = new Map();
		const createObjectURL = URL.createObjectURL;
		URL.createObjectURL = function (object) {
			const url = createObjectURL.call(URL, object);
			blobs.set(url, object);
			return url;
		};
		const click = HTMLElement.prototype.click;
		HTMLElement.prototype.click = function () {
			const blob = this instanceof HTMLAnchorElement && this.download ? blobs.get(this.href) : undefined;
			if (!blob) return click.call(this);
			const name = this.download;
			blob.arrayBuffer().then((buffer) => {
				const bytes = new Uint8Array(buffer);
				let binary = '';
				for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
				window.__handed.push({ name, base64: btoa(binary) });
			}, (error) => window.__handedErrors.push(String(error)));
		};
	`);
}

export async function nextDownload(session: Session): Promise<Handed> {
	try {
		return await waitFor(() => session.execute<Handed | null>('return window.__handed.shift() || null;'), 'a file handed over for download');
	} catch (error) {
		const page = await session.execute<string>("return JSON.stringify({ errors: window.__handedErrors, main: (document.querySelector('main') || document.body).innerText.slice(0, 1500) });");
		throw new Error(`${(error as Error).message}\n${page}`, { cause: error });
	}
}
