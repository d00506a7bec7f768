export function rng(seed: number): () => number;
export function randomStrings(n: number, seed?: number): string[];
export const CATEGORIES: string[];
