import { z } from 'zod';
import { exportCsv, norwegianExcel } from '$lib/exchange/csv';
import { exportFileName } from '$lib/exchange/fileName';
import { exportQdc } from '$lib/exchange/qdc';
import { exportQdpx } from '$lib/exchange/qdpx';
import { exportHtml, exportMarkdown, reportFileNameOf } from '$lib/exchange/report';
import type { ProjectSnapshot } from '$lib/exchange/snapshot';
export { exportFileName };

/** The export formats the server offers: the same exporters as the app, over the server's stored rows. */
export const exportQuery = z.object({
	format: z.enum(['qdpx', 'qdc', 'csv', 'md', 'html']).default('qdpx'),
	bom: z.enum(['0', '1']).default('0'),
	/** `nb`: the "Norsk Excel" CSV (`;` and a BOM). */
	excel: z.enum(['nb']).optional(),
	board: z.string().min(1).max(64).optional()
});
export type ExportQuery = z.infer<typeof exportQuery>;

export interface ExportFile {
	body: Uint8Array | string;
	mime: string;
	extension: string;
	/** The download's name (a board's report is named after the board). */
	fileName: string;
}

export async function exportFile(snapshot: ProjectSnapshot, query: ExportQuery, now: string): Promise<ExportFile> {
	const file = await exportBody(snapshot, query, now);
	const scope = query.board ? { kind: 'board' as const, boardId: query.board } : undefined;
	const fileName = file.extension === 'md' || file.extension === 'html' ? reportFileNameOf(snapshot, scope, file.extension) : exportFileName(snapshot.project.name, file.extension);
	return { ...file, fileName };
}

async function exportBody(snapshot: ProjectSnapshot, query: ExportQuery, now: string): Promise<Omit<ExportFile, 'fileName'>> {
	const scope = query.board ? { kind: 'board' as const, boardId: query.board } : { kind: 'project' as const };
	switch (query.format) {
		case 'qdpx':
			return { body: (await exportQdpx(snapshot)).bytes, mime: 'application/zip', extension: 'qdpx' };
		case 'qdc':
			return { body: exportQdc(snapshot.rows.codes), mime: 'application/xml; charset=utf-8', extension: 'qdc' };
		case 'csv':
			return { body: exportCsv(snapshot, query.excel === 'nb' ? norwegianExcel : { bom: query.bom === '1' }), mime: 'text/csv; charset=utf-8', extension: 'csv' };
		case 'md':
			return { body: exportMarkdown(snapshot, { scope, exportedAt: now }), mime: 'text/markdown; charset=utf-8', extension: 'md' };
		case 'html':
			return { body: exportHtml(snapshot, { scope, exportedAt: now }), mime: 'text/html; charset=utf-8', extension: 'html' };
	}
}
