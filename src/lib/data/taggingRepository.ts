import { taggingFields, taggingId, type TagKind, type Tagging } from '$lib/domain/tagging';
import type { DataContext } from './context';
import { Repository } from './repository';

/** Tags are rows with derived ids, so adding the same tag twice (or on two tablets) is one row. */
export class TaggingRepository extends Repository<'taggings', typeof taggingFields> {
	constructor(ctx: DataContext) {
		super(ctx, { table: 'taggings', fields: taggingFields });
	}

	async tag(projectId: string, targetId: string, kind: TagKind, tagId: string): Promise<Tagging> {
		const id = taggingId(targetId, kind, tagId);
		const existing = await this.get(id);
		if (existing && !existing.deleted) return existing;
		return this.create(projectId, { targetId, kind, tagId, taggedBy: this.ctx.actor() }, id);
	}

	async untag(targetId: string, kind: TagKind, tagId: string): Promise<void> {
		const existing = await this.get(taggingId(targetId, kind, tagId));
		if (existing && !existing.deleted) await this.remove(existing.id);
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
