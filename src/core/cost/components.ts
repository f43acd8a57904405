/**
 * A resource → its billable components, each either a price lookup (size + the variant the file
 * states, with why) or a reason it is not priced. Nothing is guessed: an attribute the file computes,
 * an engine we cannot map, or a product the price index does not hold yet, is listed as unpriced.
 */
import { countAttribute, isTrue, read } from './attribute-values';
import { ebsVolume } from './ebs-volume';
import type { VolumeParts } from './ebs-volume';
import { imageVariant } from './machine-image';
import { rdsStorage } from './rds-storage';
import { classicLoadBalancer, eksCluster, lambdaFunction, loadBalancer, natGateway } from './service-components';
import { rdsVariant } from './rds-variant';
import type { AttributeReader, IacResource } from './iac-resources';
import type { ComponentKind } from '../prices/price-types';

export interface PricedComponentSpec {
  name: string;
  /** An instance or node size, priced per hour in the variant `filter` names... */
  size?: string;
  /** ...or a product priced by usage type (storage, gateway hours), in the offer's unit. */
  product?: { kind: ComponentKind; usage: string };
  /** Attribute filter for the price index (offer attribute names), the variant priced. */
  filter: Record<string, string>;
  reasons: string[];
  /** The unit the quantity counts in, as the offer spells it: a price in another unit is not used. */
  unit: string;
  /** What a product component is (storage type, deployment), shown with it; instances show the record's variant. */
  variant?: Record<string, string>;
  /** Per copy of the resource, per month, in `unit`: hours (x nodes), GB, IOPS. */
  quantityPerMonth: (hoursPerMonth: number) => number;
}

/** Usage values from a usage file, by Infracost's key names (`monthly_requests`). */
export type UsageValues = Readonly<Record<string, number>>;

/**
 * A component billed by traffic or calls: priced only from usage values the user gives, never guessed.
 * Without them it is listed as unpriced, usage-based, with its unit price.
 */
export interface UsageComponentSpec {
  name: string;
  product: { kind: ComponentKind; usage: string };
  filter: Record<string, string>;
  unit: string;
  /** The usage-file keys it reads. */
  usageKeys: string[];
  /** The monthly quantity (per copy) from the usage values, or undefined when they do not give it. */
  fromUsage: (usage: UsageValues, hoursPerMonth: number) => { quantity: number; reasons: string[] } | undefined;
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
  /** Usage-based components (priced only from usage values). */
  usage?: UsageComponentSpec[];
  unpriced: UnpricedComponent[];
  /** Copies of the resource the monthly cost multiplies (node counts are in each component's quantity). */
  count?: number;
}

function sizeOf(r: IacResource): string | undefined {
  return r.findings.find((f) => f.role === 'value')?.resolved;
}

function noSize(what: string): ResourceComponents {
  return { priced: [], unpriced: [{ name: what, reason: `the size is not a literal the file states (or a variable with a default)` }] };
}

/** The root volume AWS creates from the AMI: its stated block, else the AMI's default, assumed as Infracost does. */
const assumedRoot = {
  type: 'gp2',
  typeReason: 'volume type not stated → gp2 (assumed: the AMI decides)',
  size: 8,
  sizeReason: 'size not stated → 8 GB (assumed: the AMI decides)',
};
const blockDefaults = { type: 'gp2', typeReason: 'volume type not stated → gp2' };
/** A volume the file does not describe at all: every default applies. */
const unstated: AttributeReader = { attribute: () => undefined, has: () => false };

/** The components of several parts of one resource (its instance, its volumes), in order. */
function combine(...parts: Pick<ResourceComponents, 'priced' | 'usage' | 'unpriced'>[]): VolumeParts {
  return { priced: parts.flatMap((p) => p.priced), usage: parts.flatMap((p) => p.usage ?? []), unpriced: parts.flatMap((p) => p.unpriced) };
}

function volumes(r: IacResource, keys: Ec2Keys): VolumeParts {
  const parts: VolumeParts[] = [];
  if (keys.format === 'terraform') {
    const tf = { type: 'volume_type', size: 'volume_size', iops: 'iops', throughput: 'throughput' };
    parts.push(ebsVolume(r.items('root_block_device')[0] ?? unstated, 'Root volume', tf, assumedRoot));
    for (const d of r.items('ebs_block_device')) parts.push(ebsVolume(d, `Block device ${d.attribute('device_name') ?? ''}`.trim(), tf, blockDefaults));
  } else {
    const mappings = r.items('BlockDeviceMappings').filter((m) => m.has('Ebs'));
    // The root device's name depends on the AMI: /dev/xvda (Amazon Linux) or /dev/sda1 (most others).
    const rootMapped = mappings.some((m) => /^\/dev\/(xvda|sda1?)$/.test(m.attribute('DeviceName') ?? ''));
    if (!rootMapped) parts.push(ebsVolume(unstated, 'Root volume', { size: 'VolumeSize' }, assumedRoot));
    for (const m of mappings) {
      parts.push(
        ebsVolume(
          m,
          `Block device ${m.attribute('DeviceName') ?? ''}`.trim(),
          { type: 'Ebs.VolumeType', size: 'Ebs.VolumeSize', iops: 'Ebs.Iops', throughput: 'Ebs.Throughput' },
          blockDefaults,
        ),
      );
    }
  }
  return combine(...parts);
}

interface Ec2Keys {
  format: 'terraform' | 'cloudformation';
  tenancy: string;
  image: string;
}

function ec2Instance(r: IacResource, keys: Ec2Keys): ResourceComponents {
  const disks = volumes(r, keys);
  const size = sizeOf(r);
  const withDisks = (c: ResourceComponents): ResourceComponents => combine(c, disks);
  if (!size) return withDisks(noSize('Instance usage'));
  const tenancy = read(r, keys.tenancy);
  if (tenancy === null) return withDisks({ priced: [], unpriced: [{ name: 'Instance usage', reason: `${keys.tenancy} is computed in the file` }] });
  if (tenancy && /^host$/i.test(tenancy)) {
    return withDisks({ priced: [], unpriced: [{ name: 'Instance usage', reason: 'tenancy = host: the Dedicated Host is billed, not the instance' }] });
  }
  const dedicated = tenancy !== undefined && /^dedicated$/i.test(tenancy);
  const image = r.imageAt(keys.image);
  const { operatingSystem, preInstalledSw } = image ? imageVariant(image.name) : { operatingSystem: 'Linux', preInstalledSw: 'NA' };
  const reasons = [
    tenancy === undefined ? `${keys.tenancy} not set → Shared` : `${keys.tenancy} = ${tenancy} → ${dedicated ? 'Dedicated' : 'Shared'}`,
    image
      ? `${keys.image}: ${image.via} → ${operatingSystem}${preInstalledSw !== 'NA' ? ` with ${preInstalledSw}` : ''}`
      : `operating system: Linux (assumed: ${keys.image} is an id or computed, and an AMI is not read offline)`,
  ];
  return withDisks({
    priced: [
      {
        name: 'Instance usage',
        size,
        filter: { operatingSystem, tenancy: dedicated ? 'Dedicated' : 'Shared', licenseModel: 'No License required', preInstalledSw },
        reasons,
        unit: 'Hrs',
        quantityPerMonth: (h) => h,
      },
    ],
    unpriced: [],
  });
}

interface RdsKeys {
  engine: string;
  multiAz: string;
  license: string;
  storage: string;
  storageType: string;
  iops: string;
  throughput: string;
  replica: string;
}

function rdsInstance(r: IacResource, keys: RdsKeys): ResourceComponents {
  const multi = read(r, keys.multiAz);
  const deployment =
    multi === null ? { unpriced: `${keys.multiAz} is computed in the file, so Single-AZ or Multi-AZ is not known` } : isTrue(multi) ? 'Multi-AZ' : 'Single-AZ';
  const engine = read(r, keys.engine);
  // Aurora storage is the cluster's, billed by use; an instance of it allocates none.
  const storage =
    typeof engine === 'string' && /^aurora/i.test(engine)
      ? { priced: [], unpriced: [] }
      : rdsStorage(r, { size: keys.storage, type: keys.storageType, iops: keys.iops, throughput: keys.throughput, replica: keys.replica }, deployment);
  const size = sizeOf(r);
  if (!size) {
    const none = noSize('Database instance');
    return { priced: storage.priced, unpriced: [...none.unpriced, ...storage.unpriced] };
  }
  const variant = rdsVariant(engine, multi, r.attribute(keys.license), keys);
  if ('unpriced' in variant) return { priced: storage.priced, unpriced: [{ name: 'Database instance', reason: variant.unpriced }, ...storage.unpriced] };
  return {
    priced: [{ name: 'Database instance', size, filter: variant.filter, reasons: variant.reasons, unit: 'Hrs', quantityPerMonth: (h) => h }, ...storage.priced],
    unpriced: storage.unpriced,
  };
}

const cacheEngines: Record<string, string> = { redis: 'Redis', memcached: 'Memcached', valkey: 'Valkey' };

function cacheCluster(r: IacResource, keys: { engine: string; nodes: string }): ResourceComponents {
  const size = sizeOf(r);
  if (!size) return noSize('Cache nodes');
  const engine = read(r, keys.engine);
  const mapped = typeof engine === 'string' ? cacheEngines[engine.toLowerCase()] : undefined;
  if (!mapped)
    return {
      priced: [],
      unpriced: [
        {
          name: 'Cache nodes',
          reason:
            engine === undefined
              ? `${keys.engine} is not set`
              : `${keys.engine} ${engine === null ? 'is computed' : `= "${engine}" is not redis, memcached or valkey`}`,
        },
      ],
    };
  const nodesText = read(r, keys.nodes);
  if (nodesText === null || (nodesText !== undefined && !/^\d+$/.test(nodesText)))
    return { priced: [], unpriced: [{ name: 'Cache nodes', reason: `${keys.nodes} is computed in the file` }] };
  const nodes = nodesText === undefined ? 1 : Number(nodesText);
  return {
    priced: [
      {
        name: 'Cache nodes',
        size,
        filter: { cacheEngine: mapped },
        reasons: [
          `${keys.engine} = "${engine}" → ${mapped}`,
          `${keys.nodes} ${nodesText === undefined ? 'not set → 1' : `= ${nodes}`} node${nodes === 1 ? '' : 's'}`,
        ],
        unit: 'Hrs',
        quantityPerMonth: (h) => h * nodes,
      },
    ],
    unpriced: [],
  };
}

function auroraInstance(r: IacResource, keys: { engine: string }): ResourceComponents {
  const size = sizeOf(r);
  if (!size) return noSize('Database instance');
  const engine = read(r, keys.engine);
  if (engine === null || engine === undefined)
    return {
      priced: [],
      unpriced: [
        {
          name: 'Database instance',
          reason: `${keys.engine} is ${engine === null ? 'computed in the file' : 'not set'}: Aurora MySQL and Aurora PostgreSQL differ in price`,
        },
      ],
    };
  const variant = rdsVariant(engine, undefined, undefined, { engine: keys.engine, multiAz: 'multi_az' });
  if ('unpriced' in variant) return { priced: [], unpriced: [{ name: 'Database instance', reason: variant.unpriced }] };
  if (!variant.filter.databaseEngine!.startsWith('Aurora'))
    return { priced: [], unpriced: [{ name: 'Database instance', reason: `${keys.engine} = "${engine}" is not an Aurora engine` }] };
  // A cluster's instances are priced one by one; Multi-AZ is a matter of how many there are.
  return {
    priced: [
      {
        name: 'Database instance',
        size,
        filter: { databaseEngine: variant.filter.databaseEngine!, deploymentOption: 'Single-AZ' },
        reasons: [variant.reasons[0]!],
        unit: 'Hrs',
        quantityPerMonth: (h) => h,
      },
    ],
    unpriced: [],
  };
}

function replicationGroup(r: IacResource, keys: { engine: string; clusters: string; shards: string; replicas: string }): ResourceComponents {
  const size = sizeOf(r);
  if (!size) return noSize('Cache nodes');
  const engine = read(r, keys.engine);
  // Terraform and CloudFormation default a replication group's engine to Redis.
  const mapped = engine === undefined ? 'Redis' : typeof engine === 'string' ? cacheEngines[engine.toLowerCase()] : undefined;
  if (!mapped)
    return {
      priced: [],
      unpriced: [{ name: 'Cache nodes', reason: `${keys.engine} ${engine === null ? 'is computed' : `= "${engine}" is not redis, memcached or valkey`}` }],
    };
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
    priced: [
      {
        name: 'Cache nodes',
        size,
        filter: { cacheEngine: mapped },
        reasons: [
          engine === undefined ? `${keys.engine} not set → Redis` : `${keys.engine} = "${engine}" → ${mapped}`,
          `${why} → ${nodes} node${nodes === 1 ? '' : 's'}`,
        ],
        unit: 'Hrs',
        quantityPerMonth: (h) => h * nodes,
      },
    ],
    unpriced: [],
  };
}

function searchDomain(
  r: IacResource,
  keys: { type: string; count: string; masterOn: string; masterType: string; masterCount: string; ebs: string },
): ResourceComponents {
  const priced: PricedComponentSpec[] = [];
  const unpriced: UnpricedComponent[] = [];
  const dataSize = r.sizeAt(keys.type);
  const count = countAttribute(r, keys.count, 1);
  if (!dataSize) unpriced.push({ name: 'Data nodes', reason: `${keys.type} is not a literal the file states` });
  else if (typeof count === 'object') unpriced.push({ name: 'Data nodes', reason: count.unpriced });
  else
    priced.push({
      name: 'Data nodes',
      size: dataSize,
      filter: {},
      reasons: [`${keys.count} ${r.has(keys.count) ? `= ${count}` : 'not set → 1'}`],
      unit: 'Hrs',
      quantityPerMonth: (h) => h * (count as number),
    });
  const masters = read(r, keys.masterOn);
  if (masters !== undefined && masters !== 'false') {
    const masterSize = r.sizeAt(keys.masterType);
    const masterCount = countAttribute(r, keys.masterCount, 3);
    if (masters === null) unpriced.push({ name: 'Dedicated master nodes', reason: `${keys.masterOn} is computed in the file` });
    else if (!masterSize) unpriced.push({ name: 'Dedicated master nodes', reason: `${keys.masterType} is not a literal the file states` });
    else if (typeof masterCount === 'object') unpriced.push({ name: 'Dedicated master nodes', reason: masterCount.unpriced });
    else
      priced.push({
        name: 'Dedicated master nodes',
        size: masterSize,
        filter: {},
        reasons: [`${keys.masterCount} ${r.has(keys.masterCount) ? `= ${masterCount}` : 'not set → 3'}`],
        unit: 'Hrs',
        quantityPerMonth: (h) => h * (masterCount as number),
      });
  }
  if (r.has(keys.ebs)) unpriced.push({ name: 'EBS storage', reason: 'OpenSearch volume prices are not in the price index yet' });
  return { priced, unpriced };
}

interface NodeGroupKeys {
  types: string;
  desired: string;
  capacity: string;
  ami: string;
  disk: string;
  template: string;
}

function eksNodeGroup(r: IacResource, keys: NodeGroupKeys): ResourceComponents {
  const desired = countAttribute(r, keys.desired, undefined);
  if (desired === undefined || typeof desired === 'object') {
    const reason = desired === undefined ? `${keys.desired} is not set` : desired.unpriced;
    return {
      priced: [],
      unpriced: [
        { name: 'Node instances', reason },
        { name: 'Node disks', reason },
      ],
    };
  }
  // EKS gives each node a 20 GB gp2 disk unless a launch template says otherwise.
  const disks = r.has(keys.template)
    ? { priced: [], usage: [], unpriced: [{ name: 'Node disks', reason: `the launch template decides the disks (${keys.template})` }] }
    : ebsVolume(
        r,
        'Node disks',
        { size: keys.disk },
        { type: 'gp2', typeReason: 'EKS node disks are gp2', size: 20, sizeReason: `${keys.disk} not set → 20 GB (EKS's default)` },
        desired,
        `x ${desired} node${desired === 1 ? '' : 's'}`,
      );
  const withDisks = (c: ResourceComponents): ResourceComponents => combine(c, disks);
  const size = r.sizeAt(keys.types);
  if (!size)
    return withDisks({
      priced: [],
      unpriced: [{ name: 'Node instances', reason: `${keys.types} is not stated as a literal (EKS would choose t3.medium; not assumed here)` }],
    });
  const capacity = read(r, keys.capacity);
  if (capacity === null || (capacity && /^spot$/i.test(capacity)))
    return withDisks({
      priced: [],
      unpriced: [
        {
          name: 'Node instances',
          reason:
            capacity === null
              ? `${keys.capacity} is computed in the file`
              : 'Spot capacity: the price moves with the market (see the current Spot price of the size)',
          usageBased: true,
        },
      ],
    });
  const ami = read(r, keys.ami);
  if (ami === null) return withDisks({ priced: [], unpriced: [{ name: 'Node instances', reason: `${keys.ami} is computed in the file` }] });
  const windows = ami !== undefined && /^WINDOWS/i.test(ami);
  return withDisks({
    priced: [
      {
        name: 'Node instances',
        size,
        filter: { operatingSystem: windows ? 'Windows' : 'Linux', tenancy: 'Shared', licenseModel: 'No License required', preInstalledSw: 'NA' },
        reasons: [
          `${keys.desired} = ${desired}`,
          ami === undefined ? `${keys.ami} not set → Linux` : `${keys.ami} = ${ami} → ${windows ? 'Windows' : 'Linux'}`,
        ],
        unit: 'Hrs',
        quantityPerMonth: (h) => h * desired,
      },
    ],
    unpriced: [],
  });
}

/** Resource types the model prices, per format, with the attribute names that format uses. */
const models: Record<string, (r: IacResource) => ResourceComponents> = {
  aws_instance: (r) => ec2Instance(r, { format: 'terraform', tenancy: 'tenancy', image: 'ami' }),
  'AWS::EC2::Instance': (r) => ec2Instance(r, { format: 'cloudformation', tenancy: 'Tenancy', image: 'ImageId' }),
  aws_ebs_volume: (r) =>
    ebsVolume(r, 'Volume', { type: 'type', size: 'size', iops: 'iops', throughput: 'throughput' }, { type: 'gp2', typeReason: 'type not set → gp2' }),
  'AWS::EC2::Volume': (r) =>
    ebsVolume(
      r,
      'Volume',
      { type: 'VolumeType', size: 'Size', iops: 'Iops', throughput: 'Throughput' },
      { type: 'gp2', typeReason: 'VolumeType not set → gp2' },
    ),
  aws_db_instance: (r) =>
    rdsInstance(r, {
      engine: 'engine',
      multiAz: 'multi_az',
      license: 'license_model',
      storage: 'allocated_storage',
      storageType: 'storage_type',
      iops: 'iops',
      throughput: 'storage_throughput',
      replica: 'replicate_source_db',
    }),
  'AWS::RDS::DBInstance': (r) =>
    rdsInstance(r, {
      engine: 'Engine',
      multiAz: 'MultiAZ',
      license: 'LicenseModel',
      storage: 'AllocatedStorage',
      storageType: 'StorageType',
      iops: 'Iops',
      throughput: 'StorageThroughput',
      replica: 'SourceDBInstanceIdentifier',
    }),
  aws_elasticache_cluster: (r) => cacheCluster(r, { engine: 'engine', nodes: 'num_cache_nodes' }),
  'AWS::ElastiCache::CacheCluster': (r) => cacheCluster(r, { engine: 'Engine', nodes: 'NumCacheNodes' }),
  aws_rds_cluster_instance: (r) => auroraInstance(r, { engine: 'engine' }),
  aws_elasticache_replication_group: (r) =>
    replicationGroup(r, { engine: 'engine', clusters: 'num_cache_clusters', shards: 'num_node_groups', replicas: 'replicas_per_node_group' }),
  'AWS::ElastiCache::ReplicationGroup': (r) =>
    replicationGroup(r, { engine: 'Engine', clusters: 'NumCacheClusters', shards: 'NumNodeGroups', replicas: 'ReplicasPerNodeGroup' }),
  aws_opensearch_domain: (r) =>
    searchDomain(r, {
      type: 'cluster_config.instance_type',
      count: 'cluster_config.instance_count',
      masterOn: 'cluster_config.dedicated_master_enabled',
      masterType: 'cluster_config.dedicated_master_type',
      masterCount: 'cluster_config.dedicated_master_count',
      ebs: 'ebs_options',
    }),
  aws_elasticsearch_domain: (r) =>
    searchDomain(r, {
      type: 'cluster_config.instance_type',
      count: 'cluster_config.instance_count',
      masterOn: 'cluster_config.dedicated_master_enabled',
      masterType: 'cluster_config.dedicated_master_type',
      masterCount: 'cluster_config.dedicated_master_count',
      ebs: 'ebs_options',
    }),
  'AWS::OpenSearchService::Domain': (r) =>
    searchDomain(r, {
      type: 'ClusterConfig.InstanceType',
      count: 'ClusterConfig.InstanceCount',
      masterOn: 'ClusterConfig.DedicatedMasterEnabled',
      masterType: 'ClusterConfig.DedicatedMasterType',
      masterCount: 'ClusterConfig.DedicatedMasterCount',
      ebs: 'EBSOptions',
    }),
  aws_eks_cluster: () => eksCluster(),
  'AWS::EKS::Cluster': () => eksCluster(),
  aws_eks_node_group: (r) =>
    eksNodeGroup(r, {
      types: 'instance_types',
      desired: 'scaling_config.desired_size',
      capacity: 'capacity_type',
      ami: 'ami_type',
      disk: 'disk_size',
      template: 'launch_template',
    }),
  'AWS::EKS::Nodegroup': (r) =>
    eksNodeGroup(r, {
      types: 'InstanceTypes',
      desired: 'ScalingConfig.DesiredSize',
      capacity: 'CapacityType',
      ami: 'AmiType',
      disk: 'DiskSize',
      template: 'LaunchTemplate',
    }),
  aws_nat_gateway: () => natGateway(),
  'AWS::EC2::NatGateway': () => natGateway(),
  aws_lb: (r) => loadBalancer(r, 'load_balancer_type'),
  aws_alb: (r) => loadBalancer(r, 'load_balancer_type'),
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (r) => loadBalancer(r, 'Type'),
  aws_elb: () => classicLoadBalancer(),
  'AWS::ElasticLoadBalancing::LoadBalancer': () => classicLoadBalancer(),
  aws_lambda_function: (r) => lambdaFunction(r, { memory: 'memory_size', architectures: 'architectures' }),
  'AWS::Lambda::Function': (r) => lambdaFunction(r, { memory: 'MemorySize', architectures: 'Architectures' }),
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
