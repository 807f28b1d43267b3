/**
 * A JSON object whose one long list is sent as a stream of pieces: the response starts
 * with the first piece, and the whole body never exists as one string in this process
 * (a pull page of long notes is several MiB of JSON). The text is exactly what
 * `JSON.stringify(body)` would give, so a reader sees no difference.
 */
export function streamedJson(body: Record<string, unknown>, listKey: string, init: ResponseInit = {}, piece = 200): Response {
	const list = body[listKey];
	if (!Array.isArray(list)) throw new Error(`streamedJson: ${listKey} is not a list`);
	const encoder = new TextEncoder();
	const rest = Object.entries(body).filter(([key, value]) => key !== listKey && value !== undefined);
	let next = 0;
	const stream = new ReadableStream<Uint8Array>({
		// Pulled one piece at a time, so a slow reader holds back the encoding (backpressure).
		pull(controller) {
			if (next === 0) controller.enqueue(encoder.encode(`{${JSON.stringify(listKey)}:[`));
			if (next < list.length) {
				const end = Math.min(list.length, next + piece);
				const items = list.slice(next, end).map((item) => JSON.stringify(item) ?? 'null');
				controller.enqueue(encoder.encode((next > 0 ? ',' : '') + items.join(',')));
				next = end;
				if (next < list.length) return;
			}
			const tail = rest.map(([key, value]) => `,${JSON.stringify(key)}:${JSON.stringify(value)}`).join('');
			controller.enqueue(encoder.encode(`]${tail}}`));
			controller.close();
			next = list.length + 1;
		}
	});
	const headers = new Headers(init.headers);
	headers.set('content-type', 'application/json');
	return new Response(stream, { ...init, headers });
}
