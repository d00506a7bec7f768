// Case folding for the Oniguruma translator's (?i) groups (onig_regex.ts): JS has no inline
// (?i:...), so each letter becomes the class of the characters simple case folding makes equal.

let foldTable: Map<number, number[]> | null = null;

/** Code points that Unicode simple case folding makes equal, grouped (lazily built once). */
export function foldClass(cp: number): number[] {
  // ASCII letters (the common case, e.g. (?i:'s|'t)): Unicode simple case folding maps only
  // U+017F (long s) and U+212A (Kelvin sign) onto them; no need for the full table.
  if (cp < 0x80) {
    const c = String.fromCharCode(cp);
    const lo = c.toLowerCase().charCodeAt(0);
    const up = c.toUpperCase().charCodeAt(0);
    if (lo === up) return [cp];
    const extra = lo === 0x73 ? [0x17f] : lo === 0x6b ? [0x212a] : [];
    return [up, lo, ...extra];
  }
  if (!foldTable) {
    const byFold = new Map<string, number[]>();
    for (let c = 0; c < 0x1e944; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCodePoint(c);
      // Two chars share a class when they lower-case (or upper-then-lower-case) alike.
      const l = s.toUpperCase().toLowerCase();
      const key = [...l].length === 1 ? l : s.toLowerCase();
      if ([...key].length !== 1) continue;
      let g = byFold.get(key);
      if (!g) byFold.set(key, (g = []));
      g.push(c);
    }
    foldTable = new Map();
    for (const g of byFold.values()) if (g.length > 1) for (const c of g) foldTable.set(c, g);
  }
  return foldTable.get(cp) ?? [cp];
}

/** A code point as a regex atom that is valid inside and outside a class in `u` mode. */
export function cpAtom(cp: number): string {
  const s = String.fromCodePoint(cp);
  return /[\p{L}\p{N}]/u.test(s) ? s : `\\u{${cp.toString(16)}}`;
}
