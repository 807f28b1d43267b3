import type { TagKind } from '$lib/domain/tagging';
import { codeTree, qualifiedNames, type CodeNode } from './qdc';
import type { EvidenceView } from './evidence';
import { derivedGuid, rowGuid } from './guid';
import type { ExportLabels } from './labels';
import { regionColour } from './regionColour';
import type { ProjectSnapshot } from './snapshot';

/**
 * Everything a project exports as codes, as one tree: the project's own codes,
 * then the GIGA-map and the life line as non-codable roots over their regions
 * and stages. One tree, so names are made unique across all of it (a code and
 * a region may share a name, and a QDA tool keeps one namespace), and the CSV
 * names a region exactly as the .qdpx does.
 */
export interface ProjectCodebook {
	roots: CodeNode[];
	/** The GUID of a node of the tree. */
	guidOf: (key: string) => string;
	/** The unique (where needed, qualified) name of each node. */
	names: Map<CodeNode, string>;
	/** The exported name of a tag: "Hemmere › Strukturer" where "Strukturer" alone is not unique. */
	nameOf: (kind: TagKind, id: string) => string | undefined;
}

const keyOf = (kind: TagKind, id: string) => `${kind}:${id}`;

export function projectCodebook(s: ProjectSnapshot, view: EvidenceView, L: Pick<ExportLabels, 'mapRoot' | 'lifeStagesRoot'>): ProjectCodebook {
	const keyed = (kind: TagKind, nodes: CodeNode[]): CodeNode[] =>
		nodes.map((n) => ({ ...n, code: { ...n.code, id: keyOf(kind, n.code.id) }, children: keyed(kind, n.children) }));
	const roots: CodeNode[] = keyed('code', codeTree([...view.codes.values()]));

	const regions = [...view.regions.values()].sort((a, b) => a.order - b.order);
	const regionNodes = (parentId: string | null, path: Set<string>): CodeNode[] =>
		regions
			.filter((r) => (parentId === null ? r.parentId === null || !view.regions.has(r.parentId) : r.parentId === parentId))
			.filter((r) => !path.has(r.id))
			.map((r) => ({
				code: { id: keyOf('region', r.id), name: r.name, colour: regionColour(r), description: r.description },
				codable: true,
				children: regionNodes(r.id, new Set([...path, r.id]))
			}));
	if (regions.length) roots.push({ code: { id: 'giga-map', name: L.mapRoot, colour: '#374151', description: '' }, codable: false, children: regionNodes(null, new Set()) });

	const stages = [...view.lifeStages.values()].sort((a, b) => a.order - b.order || a.fromAge - b.fromAge);
	if (stages.length)
		roots.push({
			code: { id: 'life-stages', name: L.lifeStagesRoot, colour: '#374151', description: '' },
			codable: false,
			children: stages.map((st) => ({ code: { id: keyOf('lifeStage', st.id), name: st.name, colour: '#0f766e', description: `${st.fromAge}–${st.toAge}` }, codable: true, children: [] }))
		});

	const names = qualifiedNames(roots);
	const byKey = new Map<string, string>();
	for (const [node, name] of names) byKey.set(node.code.id, name);
	const guidOf = (key: string) => {
		if (key === 'giga-map' || key === 'life-stages') return derivedGuid(key, s.project.id);
		const at = key.indexOf(':');
		return rowGuid(key.slice(0, at), key.slice(at + 1));
	};
	return { roots, guidOf, names, nameOf: (kind, id) => byKey.get(keyOf(kind, id)) };
}
