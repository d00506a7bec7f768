/** The 30 Unicode general categories the strings cover (Cs = lone surrogates, Cn = unassigned). */
export const CATEGORIES: string[];
/** `n` (default 3,000) seeded strings covering every general category; see random_strings.mjs. */
export function randomStrings(n?: number, seed?: number): string[];
