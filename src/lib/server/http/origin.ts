/**
 * The address the browser sees. adapter-node builds `event.url` with `https:` for every
 * request unless ORIGIN or PROTOCOL_HEADER is set, so the page's own origin (the Origin
 * header browsers send with writes, or the Referer) decides first. That matters for a team
 * running the server on a laptop on the office network over plain http: a `secure` cookie
 * would be dropped by the browser, and an https invite link would not open.
 */
interface OriginEvent {
	url: URL;
	request: Request;
}

function pageOrigin(event: OriginEvent): URL | null {
	const page = event.request.headers.get('origin') ?? event.request.headers.get('referer');
	if (!page || page === 'null') return null;
	try {
		const url = new URL(page);
		return url.host === event.url.host ? url : null;
	} catch {
		return null;
	}
}

function protocolConfigured(): boolean {
	return Boolean(process.env.ORIGIN || process.env.PROTOCOL_HEADER);
}

/** Whether the client talks to us over https (for the cookie's `secure` flag). */
export function isHttps(event: OriginEvent): boolean {
	const page = pageOrigin(event);
	if (page) return page.protocol === 'https:';
	return protocolConfigured() && event.url.protocol === 'https:';
}

/** The origin for links the server hands out (invite URLs), e.g. `http://192.168.1.20:3000`. */
export function publicOrigin(event: OriginEvent): string {
	if (protocolConfigured()) return event.url.origin;
	return `${isHttps(event) ? 'https' : 'http'}://${event.url.host}`;
}
