import type { Attachment } from '$lib/domain/attachment';
import { localData } from '$lib/data/local';
import { loadAttachmentBlob } from '$lib/media/mediaStore';
import { downloadBlob } from '$lib/sync/blobTransfer';
import { httpBlobTransport } from '$lib/sync/httpBlobTransport';
import { isLinked } from '$lib/sync/links';

type Source = Pick<Attachment, 'id' | 'kind' | 'sha256' | 'durationMs' | 'projectId'>;

/**
 * An object URL for an attachment's bytes, as state: created when the bytes are
 * read, revoked when they change or the component goes away. `missing` when the
 * device does not have them (metadata synced from another tablet). Only a change
 * of the bytes reloads: a live query handing over a fresh row object does not
 * interrupt a player.
 */
export function blobUrl(source: () => Source): { readonly url: string | null; readonly missing: boolean } {
	let url = $state<string | null>(null);
	let missing = $state(false);
	const key = $derived.by(() => {
		const { id, kind, sha256, durationMs, projectId } = source();
		return JSON.stringify([id, kind, sha256, durationMs, projectId]);
	});
	$effect(() => {
		const [id, kind, sha256, durationMs, projectId] = JSON.parse(key) as [string, Source['kind'], string, number | null, string];
		let created: string | null = null;
		let gone = false;
		missing = false;
		void localData()
			.then(async ({ db }) => {
				const local = await loadAttachmentBlob({ db }, { id, kind, sha256, durationMs });
				// Recorded on another tablet: fetch the bytes once, when this device can reach the server.
				if (local || !navigator.onLine || !(await isLinked(db, projectId))) return local;
				return downloadBlob(db, projectId, sha256, httpBlobTransport).catch(() => null);
			})
			.then((blob) => {
				if (gone) return;
				if (!blob) {
					missing = true;
					return;
				}
				created = URL.createObjectURL(blob);
				url = created;
			});
		return () => {
			gone = true;
			if (created) URL.revokeObjectURL(created);
			url = null;
		};
	});
	return {
		get url() {
			return url;
		},
		get missing() {
			return missing;
		}
	};
}
