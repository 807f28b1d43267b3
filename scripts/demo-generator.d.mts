// Types for demo-generator.mjs, so TypeScript tests can use the generator.
import type { DemoData } from '../src/lib/domain/demo/demoData';

export const regionKeys: string[];
export function rng(seed: number): () => number;
export function generateDemo(options?: { entries?: number; seed?: number }): DemoData & { format: 'feltinnsikt-demo'; version: 1; seed: number };
