/** A file name from the project's name: plain letters, so it survives every file system and mail client. */
export function exportFileName(projectName: string, extension: string): string {
	const base = projectName
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[æÆ]/g, 'ae')
		.replace(/[øØ]/g, 'o')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.toLowerCase()
		.slice(0, 60);
	return `${base || 'feltinnsikt'}.${extension}`;
}
