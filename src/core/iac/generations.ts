/**
 * Size suggestions by grammar alone: which sizes to price next to the one in the file. The price
 * lookup (the caller's) decides which exist and which are cheaper; a candidate that does not exist
 * simply has no price. Two uses:
 * - `cheaperAlternatives`: same size, other processors and newer generations (Graviton first), for
 *   the hover's "cheaper alternatives" line;
 * - `currentGenerationFor`: previous-generation families and what replaces them, for diagnostics
 *   and their quick fix.
 */
import { formatSize, parseSize } from './size-grammar';
import type { SizeParts } from './size-grammar';

export type AlternativeReason = 'graviton' | 'newer-generation' | 'other-processor';

export interface SizeAlternative {
  /** The full priced name, with the original's prefix and suffix (`db.m7g.large`). */
  size: string;
  family: string;
  reason: AlternativeReason;
}

interface FamilyParts {
  series: string;
  generation: number;
  /** 'g' Graviton, 'a' AMD, 'i' Intel (6th generation on), '' Intel before that. */
  processor: string;
  /** Other attribute letters, kept: d (local NVMe), n (network), b (EBS), z (frequency), e (memory). */
  features: string;
  /** `-flex` */
  variant: string;
}

function familyParts(family: string): FamilyParts | undefined {
  const m = /^([a-z]+)(\d+)([a-z]*)(-[a-z0-9]+)?$/.exec(family);
  if (!m) return undefined;
  const generation = Number(m[2]);
  const attrs = m[3]!;
  let processor = '';
  let features = attrs;
  if (/^[gia]/.test(attrs) && !(generation <= 5 && attrs[0] === 'i')) {
    processor = attrs[0]!;
    features = attrs.slice(1);
  }
  return { series: m[1]!, generation, processor, features, variant: m[4] ?? '' };
}

const maxGeneration = 8;
/** Series with regular Intel / AMD / Graviton lines across generations. */
const regularSeries = new Set(['m', 'c', 'r']);
const burstable: readonly string[] = ['t2', 't3', 't3a', 't4g'];

function processorName(generation: number, processor: string): string {
  return processor === '' && generation >= 6 ? 'i' : processor === 'i' && generation <= 5 ? '' : processor;
}

/**
 * Same-size candidates on other processors and newer generations: `m5.xlarge` -> m6g, m7g, m8g,
 * m6i, m7i, m8i, m5a, m6a, m7a, m8a, m7i-flex ... (`.xlarge` each). Graviton first, then newer
 * generations of the same processor, then other processors; newest first within each.
 */
export function cheaperAlternatives(resolved: string): SizeAlternative[] {
  const parts = parseSize(resolved);
  if (!parts) return [];
  const fam = familyParts(parts.family);
  if (!fam) return [];
  const out: SizeAlternative[] = [];
  const push = (family: string, reason: AlternativeReason): void => {
    if (family === parts.family || out.some((a) => a.family === family)) return;
    out.push({ size: formatSize({ ...parts, family }), family, reason });
  };
  if (fam.series === 't') {
    const at = burstable.indexOf(parts.family);
    if (at < 0 && parts.family !== 't1') return [];
    if (parts.family !== 't4g') push('t4g', 'graviton');
    for (const f of burstable.slice(Math.max(0, at) + (at >= 0 ? 1 : 0))) if (f !== 't4g') push(f, f === 't3a' ? 'other-processor' : 'newer-generation');
    return out;
  }
  if (!regularSeries.has(fam.series) || fam.variant || fam.generation > maxGeneration) return [];
  const own = processorName(fam.generation, fam.processor);
  const family = (generation: number, processor: string): string => `${fam.series}${generation}${processorName(generation, processor)}${fam.features}`;
  const gens: number[] = [];
  for (let g = maxGeneration; g >= fam.generation; g--) gens.push(g);
  for (const g of gens) if (g >= 6) push(family(g, 'g'), own === 'g' ? 'newer-generation' : 'graviton');
  for (const g of gens) if (g > fam.generation || own !== processorName(g, own)) push(family(g, own), 'newer-generation');
  for (const proc of ['i', 'a']) {
    if (proc === own || (proc === 'i' && own === '')) continue;
    for (const g of gens) if (proc !== 'a' || g >= 5) push(family(g, proc), 'other-processor');
  }
  if (fam.features === '' && (fam.series === 'm' || fam.series === 'c') && fam.generation <= 7)
    push(`${fam.series}7i-flex`, own === '' || own === 'i' ? 'newer-generation' : 'other-processor');
  return out;
}

/**
 * Previous-generation families and their current replacements, per price list (AWS's "previous
 * generation" lists; newer families first is the suggestion order: Intel/AMD like-for-like, then
 * Graviton). Keys are families without prefix or suffix.
 */
export const previousGenerationFamilies: Readonly<Record<'ec2' | 'rds' | 'elasticache' | 'opensearch', Readonly<Record<string, readonly string[]>>>> = {
  ec2: {
    t1: ['t3', 't4g'],
    t2: ['t3', 't4g'],
    m1: ['m7i', 'm7g'],
    m2: ['r7i', 'r7g'],
    m3: ['m7i', 'm7g'],
    m4: ['m7i', 'm7g'],
    c1: ['c7i', 'c7g'],
    c3: ['c7i', 'c7g'],
    c4: ['c7i', 'c7g'],
    cc2: ['c7i', 'c7g'],
    r3: ['r7i', 'r7g'],
    r4: ['r7i', 'r7g'],
    cr1: ['r7i', 'r7g'],
    i2: ['i4i', 'i4g'],
    hi1: ['i4i', 'i4g'],
    hs1: ['d3'],
    d2: ['d3'],
    g2: ['g4dn', 'g5'],
    g3: ['g4dn', 'g5'],
    g3s: ['g4dn', 'g5'],
    cg1: ['g4dn'],
    x1: ['x2idn'],
    x1e: ['x2iedn'],
    a1: ['m7g', 't4g'],
  },
  rds: {
    t1: ['t3', 't4g'],
    t2: ['t3', 't4g'],
    m1: ['m6i', 'm7g'],
    m2: ['r6i', 'r7g'],
    m3: ['m6i', 'm7g'],
    m4: ['m6i', 'm7g'],
    r3: ['r6i', 'r7g'],
    r4: ['r6i', 'r7g'],
    x1: ['x2g'],
    x1e: ['x2g'],
  },
  elasticache: {
    t1: ['t3', 't4g'],
    t2: ['t3', 't4g'],
    m1: ['m7g', 'm6g'],
    m2: ['r7g', 'r6g'],
    m3: ['m7g', 'm6g'],
    m4: ['m7g', 'm6g'],
    c1: ['m7g', 'm6g'],
    r3: ['r7g', 'r6g'],
    r4: ['r7g', 'r6g'],
  },
  opensearch: {
    t2: ['t3'],
    m3: ['m7g', 'm6g'],
    m4: ['m7g', 'm6g'],
    c4: ['c7g', 'c6g'],
    r3: ['r7g', 'r6g'],
    r4: ['r7g', 'r6g'],
    i2: ['i3'],
  },
};

function listOf(parts: SizeParts): keyof typeof previousGenerationFamilies | undefined {
  if (parts.suffix === '.search' || parts.suffix === '.elasticsearch') return 'opensearch';
  if (parts.prefix === 'db') return 'rds';
  if (parts.prefix === 'cache') return 'elasticache';
  if (parts.prefix === '') return 'ec2';
  return undefined;
}

/** The current-generation sizes to suggest for a previous-generation one (`m4.large` -> m7i.large, m7g.large); [] when current. */
export function currentGenerationFor(resolved: string): string[] {
  const parts = parseSize(resolved);
  if (!parts) return [];
  const list = listOf(parts);
  const families = list ? previousGenerationFamilies[list][parts.family] : undefined;
  return families ? families.map((family) => formatSize({ ...parts, family })) : [];
}

export function isPreviousGeneration(resolved: string): boolean {
  return currentGenerationFor(resolved).length > 0;
}

/**
 * The cheaper alternatives of a size, priced: each candidate's On-Demand hourly through `hourly`
 * (the price index, in the size's region), kept when it is cheaper, best saving first.
 */
export async function pricedAlternatives<R>(
  size: string,
  baseHourly: number,
  price: (size: string) => Promise<{ record: R; hourly: number } | undefined>,
  limit = 3,
): Promise<{ record: R; saving: number }[]> {
  if (!(baseHourly > 0)) return [];
  const out: { record: R; saving: number }[] = [];
  for (const alt of cheaperAlternatives(size)) {
    const p = await price(alt.size);
    if (p && p.hourly > 0 && p.hourly < baseHourly) out.push({ record: p.record, saving: 1 - p.hourly / baseHourly });
  }
  return out.sort((a, b) => b.saving - a.saving).slice(0, limit);
}
