/**
 * A resource → its billable components, each either a price lookup (size + the variant the file
 * states, with why) or a reason it is not priced. Nothing is guessed: an attribute the file computes,
 * an engine we cannot map, or a product the price index does not hold yet, is listed as unpriced.
 */
import { rdsVariant } from './rds-variant';
import type { IacResource } from './iac-resources';

export interface PricedComponentSpec {
  name: string;
  size: string;
  /** Attribute filter for the price index (offer attribute names), the variant priced. */
  filter: Record<string, string>;
  reasons: string[];
  unit: 'Hrs';
  /** Per copy of the resource, per month: hours (× nodes). */
  quantityPerMonth: (hoursPerMonth: number) => number;
}

export interface UnpricedComponent {
  name: string;
  reason: string;
  usageBased?: boolean;
}

export interface ResourceComponents {
  priced: PricedComponentSpec[];
  unpriced: UnpricedComponent[];
}

/** Present-but-computed attributes are `null`, absent ones `undefined`, so reasons can tell them apart. */
function read(r: IacResource, key: string): string | null | undefined {
  const v = r.attribute(key);
  if (v !== undefined) return v;
  return r.has(key) ? null : undefined;
}

const storageNotIndexed = 'storage prices (EBS, RDS storage) are not in the price index yet';

function sizeOf(r: IacResource): string | undefined {
  return r.findings.find((f) => f.role === 'value')?.resolved;
}

function noSize(what: string): ResourceComponents {
  return { priced: [], unpriced: [{ name: what, reason: `the size is not a literal the file states (or a variable with a default)` }] };
}

function ec2Instance(r: IacResource, keys: { tenancy: string }): ResourceComponents {
  const size = sizeOf(r);
  if (!size) return noSize('Instance usage');
  const tenancy = read(r, keys.tenancy);
  const unpriced: UnpricedComponent[] = [{ name: 'Root volume', reason: `the AMI decides its size and type; ${storageNotIndexed}` }];
  if (tenancy === null) return { priced: [], unpriced: [{ name: 'Instance usage', reason: `${keys.tenancy} is computed in the file` }, ...unpriced] };
  if (tenancy && /^host$/i.test(tenancy)) {
    return { priced: [], unpriced: [{ name: 'Instance usage', reason: 'tenancy = host: the Dedicated Host is billed, not the instance' }, ...unpriced] };
  }
  const dedicated = tenancy !== undefined && /^dedicated$/i.test(tenancy);
  const reasons = [
    tenancy === undefined ? `${keys.tenancy} not set → Shared` : `${keys.tenancy} = ${tenancy} → ${dedicated ? 'Dedicated' : 'Shared'}`,
    'operating system: Linux (assumed: the AMI is not read)',
  ];
  return {
    priced: [{ name: 'Instance usage', size, filter: { operatingSystem: 'Linux', tenancy: dedicated ? 'Dedicated' : 'Shared', licenseModel: 'No License required', preInstalledSw: 'NA' }, reasons, unit: 'Hrs', quantityPerMonth: (h) => h }],
    unpriced,
  };
}

function rdsInstance(r: IacResource, keys: { engine: string; multiAz: string; license: string; storage: string }): ResourceComponents {
  const size = sizeOf(r);
  if (!size) return noSize('Database instance');
  const unpriced: UnpricedComponent[] = [];
  if (r.has(keys.storage)) unpriced.push({ name: 'Database storage', reason: storageNotIndexed });
  const variant = rdsVariant(read(r, keys.engine), read(r, keys.multiAz), r.attribute(keys.license), keys);
  if ('unpriced' in variant) return { priced: [], unpriced: [{ name: 'Database instance', reason: variant.unpriced }, ...unpriced] };
  return { priced: [{ name: 'Database instance', size, filter: variant.filter, reasons: variant.reasons, unit: 'Hrs', quantityPerMonth: (h) => h }], unpriced };
}

const cacheEngines: Record<string, string> = { redis: 'Redis', memcached: 'Memcached', valkey: 'Valkey' };

function cacheCluster(r: IacResource, keys: { engine: string; nodes: string }): ResourceComponents {
  const size = sizeOf(r);
  if (!size) return noSize('Cache nodes');
  const engine = read(r, keys.engine);
  const mapped = typeof engine === 'string' ? cacheEngines[engine.toLowerCase()] : undefined;
  if (!mapped) return { priced: [], unpriced: [{ name: 'Cache nodes', reason: engine === undefined ? `${keys.engine} is not set` : `${keys.engine} ${engine === null ? 'is computed' : `= "${engine}" is not redis, memcached or valkey`}` }] };
  const nodesText = read(r, keys.nodes);
  if (nodesText === null || (nodesText !== undefined && !/^\d+$/.test(nodesText))) return { priced: [], unpriced: [{ name: 'Cache nodes', reason: `${keys.nodes} is computed in the file` }] };
  const nodes = nodesText === undefined ? 1 : Number(nodesText);
  return {
    priced: [{ name: 'Cache nodes', size, filter: { cacheEngine: mapped }, reasons: [`${keys.engine} = "${engine}" → ${mapped}`, `${keys.nodes} ${nodesText === undefined ? 'not set → 1' : `= ${nodes}`} node${nodes === 1 ? '' : 's'}`], unit: 'Hrs', quantityPerMonth: (h) => h * nodes }],
    unpriced: [],
  };
}

/** Resource types the model prices, per format, with the attribute names that format uses. */
const models: Record<string, (r: IacResource) => ResourceComponents> = {
  aws_instance: (r) => ec2Instance(r, { tenancy: 'tenancy' }),
  'AWS::EC2::Instance': (r) => ec2Instance(r, { tenancy: 'Tenancy' }),
  aws_db_instance: (r) => rdsInstance(r, { engine: 'engine', multiAz: 'multi_az', license: 'license_model', storage: 'allocated_storage' }),
  'AWS::RDS::DBInstance': (r) => rdsInstance(r, { engine: 'Engine', multiAz: 'MultiAZ', license: 'LicenseModel', storage: 'AllocatedStorage' }),
  aws_elasticache_cluster: (r) => cacheCluster(r, { engine: 'engine', nodes: 'num_cache_nodes' }),
  'AWS::ElastiCache::CacheCluster': (r) => cacheCluster(r, { engine: 'Engine', nodes: 'NumCacheNodes' }),
};

export function modelledTypes(): string[] {
  return Object.keys(models);
}

export function componentsOf(r: IacResource): ResourceComponents | undefined {
  return models[r.type]?.(r);
}
