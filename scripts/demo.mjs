// npm run demo -- --entries 20000 [--seed 7] [--out demo-20000.json]
// Writes a fictional Norwegian project as JSON (see scripts/demo-generator.mjs).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemo } from './demo-generator.mjs';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
const entries = Number(values.entries);
const seed = Number(values.seed);
const out = values.out ?? `demo-${entries}.json`;
const project = generateDemo({ entries, seed });
writeFileSync(out, JSON.stringify(project));
console.log(JSON.stringify({ out, entries: project.entries.length, participants: project.participants.length, sessions: project.sessions.length, seed }));
