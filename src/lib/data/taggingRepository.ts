import { taggingFields, taggingId, type TagKind, type Tagging } from '$lib/domain/tagging';
import { codingId, type codingFields } from '$lib/domain/coding';
import type { DataContext } from './context';
import { Repository } from './repository';

/**
 * Tags are rows with derived ids, so adding the same tag twice (or on two tablets)
 * is one row. A code tag also records the coder's own decision (a coding row per
 * coder), in the same transaction, for the intercoder view.
 */
export class TaggingRepository extends Repository<'taggings', typeof taggingFields> {
	constructor(
		ctx: DataContext,
		private readonly codings: Repository<'codings', typeof codingFields>
	) {
		super(ctx, { table: 'taggings', fields: taggingFields });
	}

	async tag(projectId: string, targetId: string, kind: TagKind, tagId: string): Promise<Tagging> {
		return this.ctx.db.transaction('rw', ['taggings', 'codings', 'outbox', 'syncState'], async () => {
			const coder = this.ctx.actor();
			if (kind === 'code') await this.codings.create(projectId, { targetId, codeId: tagId, coder }, codingId(targetId, tagId, coder));
			const id = taggingId(targetId, kind, tagId);
			const existing = await this.get(id);
			if (existing && !existing.deleted) return existing;
			return this.create(projectId, { targetId, kind, tagId, taggedBy: coder }, id);
		});
	}

	/**
	 * Removes my decision. For a code that is my own coding only: a colleague's coding is
	 * theirs, and while anyone's coding of it stands, the shared tag stays (the code still
	 * applies, by them). Regions and life stages are shared tags with no per-person
	 * decision, so the tag itself goes.
	 */
	async untag(targetId: string, kind: TagKind, tagId: string): Promise<void> {
		await this.ctx.db.transaction('rw', ['taggings', 'codings', 'outbox', 'syncState'], async () => {
			if (kind === 'code') {
				const own = await this.codings.get(codingId(targetId, tagId, this.ctx.actor()));
				if (own && !own.deleted) await this.codings.remove(own.id);
				if (await this.codersOf(targetId, tagId).then((coders) => coders.length > 0)) return;
			}
			const existing = await this.get(taggingId(targetId, kind, tagId));
			if (existing && !existing.deleted) await this.remove(existing.id);
		});
	}

	/** Who has a live coding of `codeId` on `targetId`. */
	async codersOf(targetId: string, codeId: string): Promise<string[]> {
		const rows = await this.ctx.db.codings.where('targetId').equals(targetId).toArray();
		return rows.filter((c) => !c.deleted && c.codeId === codeId).map((c) => c.coder);
	}

	async forTarget(targetId: string): Promise<Tagging[]> {
		const rows = await this.store.where('targetId').equals(targetId).toArray();
		return rows.filter((t) => !t.deleted);
	}

	async forTag(tagId: string): Promise<Tagging[]> {
		const rows = await this.store.where('tagId').equals(tagId).toArray();
		return rows.filter((t) => !t.deleted);
	}
}
