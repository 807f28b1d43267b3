import { describe, expect, it } from 'vitest';
import { streamedJson } from './jsonStream';

async function pieces(response: Response): Promise<string[]> {
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	const out: string[] = [];
	for (;;) {
		const { done, value } = await reader.read();
		if (done) return out;
		out.push(decoder.decode(value, { stream: true }));
	}
}

describe('a streamed JSON reply', () => {
	it('is byte for byte what JSON.stringify gives, in several pieces for a long list', async () => {
		const body = {
			changes: Array.from({ length: 450 }, (_, i) => ({ seq: i + 1, value: i % 7 === 0 ? null : `Tekst ${i} æøå 🙂 "sitat"`, undef: undefined })),
			cursor: 450,
			hasMore: true,
			snapshot: undefined
		};
		const response = streamedJson(body, 'changes', { status: 200, headers: { 'cache-control': 'no-store' } }, 100);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(response.headers.get('cache-control')).toBe('no-store');
		const parts = await pieces(response);
		expect(parts.length).toBeGreaterThan(4);
		expect(parts.join('')).toBe(JSON.stringify(body));
	});

	it('writes an empty list as an empty list', async () => {
		const body = { changes: [], cursor: 0, hasMore: false };
		expect((await pieces(streamedJson(body, 'changes'))).join('')).toBe(JSON.stringify(body));
	});
});
