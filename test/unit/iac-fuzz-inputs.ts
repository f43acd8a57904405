/**
 * Generated inputs shared by the tolerance test (recognisers must survive them) and the YAML oracle
 * test (the reader must read the ones that are YAML as a YAML parser does): one list, so a new
 * pathological case is checked both ways.
 */

/** A deterministic pseudo-random sequence (tests must be repeatable). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const noiseAlphabet = ' \n\t"\'`{}[]()<>:=,#/*-|!&$%\\.abcmt3568xlrgeAWSdb\r\u00e9\u2028';

/** `len` characters of noise drawn from `alphabet`. */
export function noise(next: () => number, len: number, alphabet = noiseAlphabet): string {
  let out = '';
  for (let j = 0; j < len; j++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}

/** Some of `lines`, in a shuffled order. */
export function shuffledLines(next: () => number, lines: readonly string[]): string {
  return lines
    .filter(() => next() < 0.6)
    .sort(() => next() - 0.5)
    .join('\n');
}

function deep(open: string, close: string, n: number): string {
  return open.repeat(n) + '"m5.large"' + close.repeat(n);
}

export const pathologicalInputs: readonly string[] = [
  deep('[', ']', 20_000),
  deep('{', '}', 20_000),
  deep('(', ')', 20_000),
  'a = ' + deep('[', '', 20_000),
  'x = "${' + '${'.repeat(5_000),
  Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n'),
  Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i) + '- ').join('\n'),
  '- '.repeat(20_000) + 'm5.large',
  '"' + 'm5.large,'.repeat(50_000),
  '<<EOT\n' + 'm5.large\n'.repeat(1000),
  'resource "aws_instance" "x" {\n'.repeat(3_000),
  '\u0000\u0001\uffff'.repeat(1000),
  // Aliases that double at every level ("billion laughs"): a reader that copies or walks them naively explodes.
  ['l0: &l0 [m5.large, m5.large]', ...Array.from({ length: 40 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}]`)].join('\n'),
  // The same through merge keys.
  ['a0: &a0 {x: m5.large}', ...Array.from({ length: 40 }, (_, i) => `a${i + 1}: &a${i + 1}\n  <<: [*a${i}, *a${i}]\n  k${i}: m5.large`)].join('\n'),
];
