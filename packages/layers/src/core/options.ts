/** Checks of option values shared by several layers. */

/**
 * Throws unless `options.maxLength` is a positive integer, naming the old `maxLen` when a
 * JavaScript caller (or an old config) still passes it.
 */
export function checkMaxLength(options: { maxLength: number }, who: string): void {
  const n = options.maxLength;
  if (Number.isInteger(n) && n > 0) return;
  const old = 'maxLen' in options ? ` (the option 'maxLen' is now named 'maxLength')` : '';
  throw new Error(`${who}: maxLength must be a positive integer, got ${n}${old}.`);
}
