export const CATEGORIES: string[];
export function mulberry32(seed: number): () => number;
export function randomStrings(n?: number, seed?: number): string[];
