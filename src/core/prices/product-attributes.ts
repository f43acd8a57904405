/**
 * The one reading of a price-list product's attributes, shared by the bulk index builder and the
 * Pricing API reader so a size looks the same whichever answered: which instance kind a product is,
 * and its specs ("8 GiB" → 8, "NA" → absent, "Yes" → current generation, the processor → arm64/x86_64).
 */
import type { InstanceKind, InstanceSpecs } from './price-types';

/** The instance kind of a product family and instance type, or undefined for everything else. */
export function instanceKindOfProduct(family: string, type: string): InstanceKind | undefined {
  if (!type) return undefined;
  if (family === 'Compute Instance' || family === 'Compute Instance (bare metal)') return 'ec2';
  if (family === 'Database Instance' && type.startsWith('db.')) return 'rds';
  if (family === 'Cache Instance' && type.startsWith('cache.')) return 'elasticache';
  if ((family === 'Amazon OpenSearch Service Instance' || family === 'Elastic Search Instance') && /\.(search|elasticsearch)$/.test(type)) return 'opensearch';
  return undefined;
}

function num(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const n = Number(value.replace(/,/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

/** Specs from a product's attributes, read through `get` (a Map in the index, a record from the API). */
export function specsOfProduct(get: (key: string) => string | undefined): InstanceSpecs {
  const text = (key: string): string | undefined => {
    const v = get(key);
    return v && v !== 'NA' ? v : undefined;
  };
  const specs: InstanceSpecs = {};
  const set = <K extends keyof InstanceSpecs>(key: K, value: InstanceSpecs[K] | undefined): void => {
    if (value !== undefined) specs[key] = value;
  };
  set('vcpu', num(text('vcpu')));
  const mem = /^([\d.,]+)\s*(GiB|GB)\b/i.exec(text('memory') ?? '');
  set('memoryGiB', mem ? num(mem[1]) : undefined);
  const processor = text('physicalProcessor');
  const arch = text('processorArchitecture');
  set(
    'architecture',
    /graviton|arm|apple m\d/i.test(processor ?? '') || /arm/i.test(arch ?? '') ? 'arm64' : /intel|amd|xeon|epyc/i.test(processor ?? '') ? 'x86_64' : arch,
  );
  set('processor', processor);
  set('clockSpeed', text('clockSpeed'));
  set('network', text('networkPerformance'));
  set('storage', text('storage'));
  set('gpu', num(text('gpu')));
  set('gpuMemory', text('gpuMemory'));
  set('family', text('instanceFamily'));
  const gen = text('currentGeneration');
  if (gen) specs.currentGeneration = gen === 'Yes';
  return specs;
}
