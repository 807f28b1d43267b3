// Full-text search figures: fuse.js against MiniSearch on the same generated entries.
// MiniSearch settings mirror src/lib/search/engine.ts; fuse.js those of the short-list pickers.
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { generateDemo } from './demo-generator.mjs';

const queries = ['saksbehandlern', 'bussen', 'skolen', 'fravær', 'venterommet', 'helsesykepleier', 'søknaden', 'ingen fulgte', 'leilighet', 'trenern', 'mamma', 'jul', 'nav', 'pengene', 'kontaktlæreren', 'miljøarbeider', 'flyttet', 'timeplanen', 'vennene', 'prøvene'];

function percentile(sorted, p) {
	return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2);
}

function time(fn) {
	const t0 = performance.now();
	fn();
	return performance.now() - t0;
}

function measure(search) {
	for (const q of queries.slice(0, 3)) search(q); // warm-up
	const times = [];
	for (let round = 0; round < 3; round++) for (const q of queries) times.push(time(() => search(q)));
	times.sort((a, b) => a - b);
	return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), queries: times.length };
}

export function benchSearch(sizes = [1000, 20000]) {
	const out = {};
	for (const n of sizes) {
		const docs = generateDemo({ entries: n, seed: 42 }).entries.map((e, i) => ({ id: `e${i}`, kind: 'entry', text: e.text }));
		let mini;
		const miniBuild = time(() => {
			mini = new MiniSearch({ fields: ['text'], storeFields: ['kind'] });
			mini.addAll(docs);
		});
		let fuse;
		const fuseBuild = time(() => {
			fuse = new Fuse(docs, { keys: ['text'], threshold: 0.4, ignoreLocation: true });
		});
		out[n] = {
			minisearch: { indexBuildMs: +miniBuild.toFixed(1), ...measure((q) => mini.search(q, { prefix: true, fuzzy: 0.2, combineWith: 'AND' })) },
			fuse: { indexBuildMs: +fuseBuild.toFixed(1), ...measure((q) => fuse.search(q)) }
		};
	}
	return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(benchSearch(), null, 2));
