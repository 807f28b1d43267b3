// Full-text search figures: fuse.js against MiniSearch on the same generated entries.
// MiniSearch plain (prefix + Levenshtein fuzzy 0.2, the settings before typo tolerance) and the
// app's own engine (src/lib/search/engine.ts: prefix + the transposition-aware expansion);
// fuse.js with the settings of the short-list pickers.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import ts from 'typescript';
import { generateDemo } from './demo-generator.mjs';

const root = new URL('..', import.meta.url).pathname;

/** The app's search engine, compiled from TypeScript so the figure is of the code that ships. */
async function loadEngine() {
	// Inside node_modules, so the compiled files resolve `minisearch` like the app does.
	const out = `${root}node_modules/.cache/feltinnsikt-bench-search`;
	mkdirSync(out, { recursive: true });
	writeFileSync(`${out}/package.json`, '{"type":"module"}');
	for (const name of ['engine', 'fuzzy']) {
		const source = readFileSync(`${root}src/lib/search/${name}.ts`, 'utf8');
		const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
		writeFileSync(`${out}/${name}.js`, outputText.replace(/from '\.\/(\w+)'/g, "from './$1.js'"));
	}
	const stamp = Date.now();
	return { ...(await import(`${out}/engine.js?${stamp}`)), fuzzy: await import(`${out}/fuzzy.js?${stamp}`) };
}

// Typed with a swap, a missing or a wrong letter: what the expansion exists for.
const typoQueries = ['skoel', 'sakbehandler', 'bsusen', 'fravrær', 'venetrommet', 'helsesykepelier', 'søkanden', 'kontaktlræreren', 'leiligeht', 'timepalnen'];

const queries = ['saksbehandlern', 'bussen', 'skolen', 'fravær', 'venterommet', 'helsesykepleier', 'søknaden', 'ingen fulgte', 'leilighet', 'trenern', 'mamma', 'jul', 'nav', 'pengene', 'kontaktlæreren', 'miljøarbeider', 'flyttet', 'timeplanen', 'vennene', 'prøvene'];

function percentile(sorted, p) {
	return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2);
}

function time(fn) {
	const t0 = performance.now();
	fn();
	return performance.now() - t0;
}

function measure(search, list = queries) {
	for (const q of list.slice(0, 3)) search(q); // warm-up
	const times = [];
	for (let round = 0; round < 3; round++) for (const q of list) times.push(time(() => search(q)));
	times.sort((a, b) => a - b);
	return { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), queries: times.length };
}

/**
 * The typo matcher alone over a vocabulary the size of a large real project (the generated
 * entries reuse ~100 words): 50k made-up words from Norwegian syllables, seeded.
 */
function benchVocabulary(engine) {
	const { Vocabulary, editBudget } = engine.fuzzy;
	const syllables = ['sa', 'ks', 'be', 'han', 'dl', 'er', 'en', 'sko', 'le', 'bus', 'ven', 'te', 'rom', 'met', 'hel', 'se', 'sy', 'ke', 'pl', 'ei', 'fra', 'vær', 'sø', 'kn', 'ad', 'nav', 'jul', 'mam', 'ma', 'pen', 'ge', 'ne', 'kon', 'takt', 'læ', 're', 'mil', 'jø', 'ar', 'bei', 'der', 'fly', 'tt', 'et', 'ti', 'pla', 'prø', 'ø', 'å', 'gen'];
	let seed = 7;
	// mulberry32: small, seeded, uniform enough for made-up words.
	const random = () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const words = new Set([...queries, ...typoQueries].flatMap((q) => q.split(' ')));
	while (words.size < 50000) words.add(Array.from({ length: 2 + Math.floor(random() * 4) }, () => syllables[Math.floor(random() * syllables.length)]).join(''));
	let vocabulary;
	const buildMs = time(() => (vocabulary = new Vocabulary(words)));
	const terms = [...queries, ...typoQueries].flatMap((q) => q.split(' ')).filter((t) => editBudget(t) > 0);
	return { words: vocabulary.size, buildMs: +buildMs.toFixed(1), ...measure((q) => vocabulary.near(q, editBudget(q)), terms) };
}

export async function benchSearch(sizes = [1000, 20000]) {
	const engine = await loadEngine();
	const out = { typoMatcher50kWords: benchVocabulary(engine) };
	for (const n of sizes) {
		const docs = generateDemo({ entries: n, seed: 42 }).entries.map((e, i) => ({ id: `e${i}`, kind: 'entry', text: e.text }));
		let app;
		const appBuild = time(() => {
			app = engine.buildIndex(docs);
		});
		let mini;
		const miniBuild = time(() => {
			mini = new MiniSearch({ fields: ['text'], storeFields: ['kind'] });
			mini.addAll(docs);
		});
		let fuse;
		const fuseBuild = time(() => {
			fuse = new Fuse(docs, { keys: ['text'], threshold: 0.4, ignoreLocation: true });
		});
		const typoHits = (search) => typoQueries.filter((q) => search(q).length > 0).length;
		out[n] = {
			// The app's engine; `typos` is how many of the misspelt queries find anything.
			app: {
				indexBuildMs: +appBuild.toFixed(1),
				vocabulary: app.vocabulary.size,
				...measure((q) => engine.search(app, q, 5000)),
				typos: { ...measure((q) => engine.search(app, q, 5000), typoQueries), found: `${typoHits((q) => engine.search(app, q, 5000))}/${typoQueries.length}` }
			},
			minisearch: {
				indexBuildMs: +miniBuild.toFixed(1),
				...measure((q) => mini.search(q, { prefix: true, fuzzy: 0.2, combineWith: 'AND' })),
				typos: { found: `${typoHits((q) => mini.search(q, { prefix: true, fuzzy: 0.2, combineWith: 'AND' }))}/${typoQueries.length}` }
			},
			fuse: { indexBuildMs: +fuseBuild.toFixed(1), ...measure((q) => fuse.search(q)) }
		};
	}
	return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchSearch(), null, 2));
