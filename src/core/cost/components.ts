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

/**
 * The components that price the resource's own size (its instance or node hours): when one of these
 * is unpriced, a hover on that size says why instead of showing a default variant's price.
 */
export const sizeComponents: ReadonlySet<string> = new Set(['Instance usage', 'Database instance', 'Cache nodes', 'Data nodes', 'Node instances']);

export interface UnpricedComponent {
  name: string;
  reason: string;
  usageBased?: boolean;
}

export interface ResourceComponents {
  priced: PricedComponentSpec[];
  unpriced: UnpricedComponent[];
  /** Copies of the resource the monthly cost multiplies (node counts are in each component's quantity). */
  count?: number;
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

function auroraInstance(r: IacResource, keys: { engine: string }): ResourceComponents {
  const size = sizeOf(r);
  if (!size) return noSize('Database instance');
  const engine = read(r, keys.engine);
  if (engine === null || engine === undefined) return { priced: [], unpriced: [{ name: 'Database instance', reason: `${keys.engine} is ${engine === null ? 'computed in the file' : 'not set'}: Aurora MySQL and Aurora PostgreSQL differ in price` }] };
  const variant = rdsVariant(engine, undefined, undefined, { engine: keys.engine, multiAz: 'multi_az' });
  if ('unpriced' in variant) return { priced: [], unpriced: [{ name: 'Database instance', reason: variant.unpriced }] };
  if (!variant.filter.databaseEngine!.startsWith('Aurora')) return { priced: [], unpriced: [{ name: 'Database instance', reason: `${keys.engine} = "${engine}" is not an Aurora engine` }] };
  // A cluster's instances are priced one by one; Multi-AZ is a matter of how many there are.
  return { priced: [{ name: 'Database instance', size, filter: { databaseEngine: variant.filter.databaseEngine!, deploymentOption: 'Single-AZ' }, reasons: [variant.reasons[0]!], unit: 'Hrs', quantityPerMonth: (h) => h }], unpriced: [] };
}

/** A whole number the file states, its default when absent, or a reason when computed. */
function countAttribute(r: IacResource, key: string, fallback: number | undefined): number | { unpriced: string } | undefined {
  const v = read(r, key);
  if (v === undefined) return fallback;
  if (v === null || !/^\d+$/.test(v)) return { unpriced: `${key} is computed in the file` };
  return Number(v);
}

function replicationGroup(r: IacResource, keys: { engine: string; clusters: string; shards: string; replicas: string }): ResourceComponents {
  const size = sizeOf(r);
  if (!size) return noSize('Cache nodes');
  const engine = read(r, keys.engine);
  // Terraform and CloudFormation default a replication group's engine to Redis.
  const mapped = engine === undefined ? 'Redis' : typeof engine === 'string' ? cacheEngines[engine.toLowerCase()] : undefined;
  if (!mapped) return { priced: [], unpriced: [{ name: 'Cache nodes', reason: `${keys.engine} ${engine === null ? 'is computed' : `= "${engine}" is not redis, memcached or valkey`}` }] };
  const clusters = countAttribute(r, keys.clusters, undefined);
  const shards = countAttribute(r, keys.shards, undefined);
  const replicas = countAttribute(r, keys.replicas, 0);
  for (const c of [clusters, shards, replicas]) if (typeof c === 'object') return { priced: [], unpriced: [{ name: 'Cache nodes', reason: c.unpriced }] };
  let nodes: number;
  let why: string;
  if (typeof clusters === 'number') {
    nodes = clusters;
    why = `${keys.clusters} = ${clusters}`;
  } else if (typeof shards === 'number') {
    nodes = shards * ((replicas as number) + 1);
    why = `${keys.shards} = ${shards} x (${keys.replicas} = ${replicas as number} + 1)`;
  } else {
    nodes = 1;
    why = `${keys.clusters} not set → 1 node (AWS's default)`;
  }
  return {
    priced: [{ name: 'Cache nodes', size, filter: { cacheEngine: mapped }, reasons: [engine === undefined ? `${keys.engine} not set → Redis` : `${keys.engine} = "${engine}" → ${mapped}`, `${why} → ${nodes} node${nodes === 1 ? '' : 's'}`], unit: 'Hrs', quantityPerMonth: (h) => h * nodes }],
    unpriced: [],
  };
}

function searchDomain(r: IacResource, keys: { type: string; count: string; masterOn: string; masterType: string; masterCount: string; ebs: string }): ResourceComponents {
  const priced: PricedComponentSpec[] = [];
  const unpriced: UnpricedComponent[] = [];
  const dataSize = r.sizeAt(keys.type);
  const count = countAttribute(r, keys.count, 1);
  if (!dataSize) unpriced.push({ name: 'Data nodes', reason: `${keys.type} is not a literal the file states` });
  else if (typeof count === 'object') unpriced.push({ name: 'Data nodes', reason: count.unpriced });
  else priced.push({ name: 'Data nodes', size: dataSize, filter: {}, reasons: [`${keys.count} ${r.has(keys.count) ? `= ${count}` : 'not set → 1'}`], unit: 'Hrs', quantityPerMonth: (h) => h * (count as number) });
  const masters = read(r, keys.masterOn);
  if (masters !== undefined && masters !== 'false') {
    const masterSize = r.sizeAt(keys.masterType);
    const masterCount = countAttribute(r, keys.masterCount, 3);
    if (masters === null) unpriced.push({ name: 'Dedicated master nodes', reason: `${keys.masterOn} is computed in the file` });
    else if (!masterSize) unpriced.push({ name: 'Dedicated master nodes', reason: `${keys.masterType} is not a literal the file states` });
    else if (typeof masterCount === 'object') unpriced.push({ name: 'Dedicated master nodes', reason: masterCount.unpriced });
    else priced.push({ name: 'Dedicated master nodes', size: masterSize, filter: {}, reasons: [`${keys.masterCount} ${r.has(keys.masterCount) ? `= ${masterCount}` : 'not set → 3'}`], unit: 'Hrs', quantityPerMonth: (h) => h * (masterCount as number) });
  }
  if (r.has(keys.ebs)) unpriced.push({ name: 'EBS storage', reason: storageNotIndexed });
  return { priced, unpriced };
}

function eksNodeGroup(r: IacResource, keys: { types: string; desired: string; capacity: string; ami: string }): ResourceComponents {
  const size = r.sizeAt(keys.types);
  if (!size) return { priced: [], unpriced: [{ name: 'Node instances', reason: `${keys.types} is not stated as a literal (EKS would choose t3.medium; not assumed here)` }] };
  const capacity = read(r, keys.capacity);
  if (capacity === null || (capacity && /^spot$/i.test(capacity))) return { priced: [], unpriced: [{ name: 'Node instances', reason: capacity === null ? `${keys.capacity} is computed in the file` : 'Spot capacity: the price moves with the market (price-atlas spot shows it)', usageBased: true }] };
  const desired = countAttribute(r, keys.desired, undefined);
  if (desired === undefined || typeof desired === 'object') return { priced: [], unpriced: [{ name: 'Node instances', reason: desired === undefined ? `${keys.desired} is not set` : desired.unpriced }] };
  const ami = read(r, keys.ami);
  if (ami === null) return { priced: [], unpriced: [{ name: 'Node instances', reason: `${keys.ami} is computed in the file` }] };
  const windows = ami !== undefined && /^WINDOWS/i.test(ami);
  return {
    priced: [{ name: 'Node instances', size, filter: { operatingSystem: windows ? 'Windows' : 'Linux', tenancy: 'Shared', licenseModel: 'No License required', preInstalledSw: 'NA' }, reasons: [`${keys.desired} = ${desired}`, ami === undefined ? `${keys.ami} not set → Linux` : `${keys.ami} = ${ami} → ${windows ? 'Windows' : 'Linux'}`], unit: 'Hrs', quantityPerMonth: (h) => h * desired }],
    unpriced: [{ name: 'Node disks', reason: storageNotIndexed }],
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
  aws_rds_cluster_instance: (r) => auroraInstance(r, { engine: 'engine' }),
  aws_elasticache_replication_group: (r) => replicationGroup(r, { engine: 'engine', clusters: 'num_cache_clusters', shards: 'num_node_groups', replicas: 'replicas_per_node_group' }),
  'AWS::ElastiCache::ReplicationGroup': (r) => replicationGroup(r, { engine: 'Engine', clusters: 'NumCacheClusters', shards: 'NumNodeGroups', replicas: 'ReplicasPerNodeGroup' }),
  aws_opensearch_domain: (r) => searchDomain(r, { type: 'cluster_config.instance_type', count: 'cluster_config.instance_count', masterOn: 'cluster_config.dedicated_master_enabled', masterType: 'cluster_config.dedicated_master_type', masterCount: 'cluster_config.dedicated_master_count', ebs: 'ebs_options' }),
  aws_elasticsearch_domain: (r) => searchDomain(r, { type: 'cluster_config.instance_type', count: 'cluster_config.instance_count', masterOn: 'cluster_config.dedicated_master_enabled', masterType: 'cluster_config.dedicated_master_type', masterCount: 'cluster_config.dedicated_master_count', ebs: 'ebs_options' }),
  'AWS::OpenSearchService::Domain': (r) => searchDomain(r, { type: 'ClusterConfig.InstanceType', count: 'ClusterConfig.InstanceCount', masterOn: 'ClusterConfig.DedicatedMasterEnabled', masterType: 'ClusterConfig.DedicatedMasterType', masterCount: 'ClusterConfig.DedicatedMasterCount', ebs: 'EBSOptions' }),
  aws_eks_node_group: (r) => eksNodeGroup(r, { types: 'instance_types', desired: 'scaling_config.desired_size', capacity: 'capacity_type', ami: 'ami_type' }),
  'AWS::EKS::Nodegroup': (r) => eksNodeGroup(r, { types: 'InstanceTypes', desired: 'ScalingConfig.DesiredSize', capacity: 'CapacityType', ami: 'AmiType' }),
};

export function modelledTypes(): string[] {
  return Object.keys(models);
}

/** Types whose recognised count is the number of copies (Terraform `count`), not a node count. */
const copiesCounted = new Set(['aws_instance', 'AWS::EC2::Instance', 'aws_db_instance', 'AWS::RDS::DBInstance', 'aws_rds_cluster_instance']);

export function componentsOf(r: IacResource): ResourceComponents | undefined {
  const model = models[r.type]?.(r);
  if (!model) return undefined;
  return { ...model, count: copiesCounted.has(r.type) ? (r.statedCount ?? r.copies) : r.copies };
}
