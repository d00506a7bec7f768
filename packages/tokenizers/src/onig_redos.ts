// The one exemption from onig_regex.ts's ReDoS rule (an unbounded quantifier on a group that
// holds a variable quantifier is refused): a group whose every repetition must start at a
// separator character that nothing else in the group can match, as in `(?:'[\p{L}\p{N}]+)*`.

/** What the translator records of a group for this check. */
export interface GroupAtoms {
  /** The single-char atoms written directly in the group, in order, as JS regex source. */
  atoms: ReadonlyArray<{ src: string; optional: boolean }>;
  /** No nested group and no alternation directly inside (a plain sequence of atoms). */
  flat: boolean;
}

/** The code points a simple one-char atom matches (a literal or a short list class), or null. */
function codePointsOf(atom: string): number[] | null {
  const one = (t: string): number | null => {
    const hex = /^\\u\{([0-9a-fA-F]+)\}$/.exec(t);
    if (hex) return Number.parseInt(hex[1]!, 16);
    const esc = /^\\([^\p{L}\p{N}])$/u.exec(t);
    if (esc) return esc[1]!.codePointAt(0)!;
    const cps = [...t];
    return cps.length === 1 && !'[]\\^$.|?*+(){}'.includes(t) ? t.codePointAt(0)! : null;
  };
  const single = one(atom);
  if (single !== null) return [single];
  const m = /^\[((?:\\u\{[0-9a-fA-F]+\}|\\[^\p{L}\p{N}]|[^\\\]^-])+)\]$/u.exec(atom);
  if (!m) return null;
  const items = m[1]!.match(/\\u\{[0-9a-fA-F]+\}|\\[^\p{L}\p{N}]|[^\\]/gu) ?? [];
  const out: number[] = [];
  for (const t of items) {
    const cp = one(t);
    if (cp === null) return null;
    out.push(cp);
  }
  return out.length <= 16 ? out : null;
}

/**
 * True when a repeated group cannot backtrack exponentially although it holds a variable
 * quantifier: a plain sequence whose first atom is required and matches only characters that
 * no later atom can match, as `(?:'[\p{L}\p{N}]+)*`. Every iteration then starts exactly at one of
 * those separator characters, so the split into iterations is forced.
 */
export function separatorGuarded(f: GroupAtoms): boolean {
  const [first, ...rest] = f.atoms;
  if (!f.flat || first === undefined || first.optional || rest.length === 0) return false;
  const cps = codePointsOf(first.src);
  if (cps === null) return false;
  return rest.every((a) => {
    const re = new RegExp(`^(?:${a.src})$`, 'u');
    return cps.every((cp) => !re.test(String.fromCodePoint(cp)));
  });
}
