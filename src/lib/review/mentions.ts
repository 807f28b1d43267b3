/** A team member as comments can mention them. */
export interface Member {
	id: string;
	name: string;
}

/**
 * The members a comment mentions: every `@Name` in the text that names a member
 * (longest name first, so "@Kari Nord" is not read as "@Kari"), each once.
 */
export function parseMentions(text: string, members: readonly Member[]): string[] {
	const found: string[] = [];
	const byLength = [...members].filter((m) => m.name.trim()).sort((a, b) => b.name.length - a.name.length);
	const lower = text.toLowerCase();
	let i = lower.indexOf('@');
	while (i >= 0) {
		const rest = lower.slice(i + 1);
		const hit = byLength.find((m) => {
			const name = m.name.toLowerCase();
			if (!rest.startsWith(name)) return false;
			const after = rest.charAt(name.length);
			return after === '' || !/[\p{L}\p{N}_-]/u.test(after);
		});
		if (hit && !found.includes(hit.id)) found.push(hit.id);
		i = lower.indexOf('@', i + 1);
	}
	return found;
}

/** Adds a mention of `member` to the end of a comment being written. */
export function withMention(text: string, member: Member): string {
	const mention = `@${member.name}`;
	if (text.includes(mention)) return text;
	return text.length === 0 || /\s$/.test(text) ? `${text}${mention} ` : `${text} ${mention} `;
}
