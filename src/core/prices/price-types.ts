/**
 * The one price-record shape everything shows: built from bulk offer files here, and from the
 * Pricing API later. Numbers are AWS's decimal strings converted once, when the index stores them.
 */

/** Kinds priced by size: instances and nodes, per hour. */
export type InstanceKind = 'ec2' | 'rds' | 'elasticache' | 'opensearch';
/**
 * Kinds priced by usage type, in the offer's own unit (GB-Mo, IOPS-Mo, Hrs, GB, Requests): storage,
 * NAT gateways, load balancers, EKS clusters, Lambda. Their "size" is the product's usagetype without
 * its region prefix (`EBS:VolumeUsage.gp3`, `NatGateway-Hours`), the one name AWS keeps across regions.
 */
export type ComponentKind = 'ebs' | 'natgateway' | 'rdsstorage' | 'eks' | 'elb' | 'lambda';
export type PriceKind = InstanceKind | ComponentKind;

export const instanceKinds: readonly InstanceKind[] = ['ec2', 'rds', 'elasticache', 'opensearch'];
/** Stored kinds, in the order part files number them: append only, so older stores stay readable. */
export const priceKinds: readonly PriceKind[] = [...instanceKinds, 'ebs', 'natgateway', 'rdsstorage', 'eks', 'elb', 'lambda'];

export function isInstanceKind(kind: PriceKind): kind is InstanceKind {
  return (instanceKinds as readonly string[]).includes(kind);
}

/** The offer whose part holds each kind: lookups read only that part, so the index writes only it. */
export const offerCodeForKind: Readonly<Record<PriceKind, string>> = {
  ec2: 'AmazonEC2',
  rds: 'AmazonRDS',
  elasticache: 'AmazonElastiCache',
  opensearch: 'AmazonES',
  ebs: 'AmazonEC2',
  natgateway: 'AmazonEC2',
  rdsstorage: 'AmazonRDS',
  eks: 'AmazonEKS',
  elb: 'AWSELB',
  lambda: 'AWSLambda',
};

/** Names of the kinds in messages. */
export const kindNames: Readonly<Record<PriceKind, string>> = {
  ec2: 'EC2',
  rds: 'RDS',
  elasticache: 'ElastiCache',
  opensearch: 'OpenSearch',
  ebs: 'EBS volume',
  natgateway: 'NAT gateway',
  rdsstorage: 'RDS storage',
  eks: 'EKS cluster',
  elb: 'load balancer',
  lambda: 'Lambda',
};

/** The product attributes that tell one priced variant of a size from another, per kind. */
export const variantFields: Readonly<Record<PriceKind, readonly string[]>> = {
  ec2: ['operatingSystem', 'tenancy', 'licenseModel', 'preInstalledSw'],
  rds: ['databaseEngine', 'databaseEdition', 'deploymentOption', 'licenseModel'],
  elasticache: ['cacheEngine'],
  opensearch: [],
  // The unit comes from the price, not the product: it is how a component's quantity is counted.
  ebs: ['unit', 'productFamily'],
  natgateway: ['unit', 'productFamily'],
  rdsstorage: ['unit', 'productFamily'],
  eks: ['unit', 'productFamily'],
  elb: ['unit', 'productFamily'],
  lambda: ['unit', 'productFamily'],
};

/**
 * What a lookup assumes when not told otherwise. EC2: the plain Linux price (docs/aws-formats.md §1.8:
 * capacitystatus Used is applied at build time). Others: the most common choice; a field left out
 * matches any value, and the first match in the file's order wins.
 */
export const defaultVariants: Readonly<Record<PriceKind, Readonly<Record<string, string>>>> = {
  ec2: { operatingSystem: 'Linux', tenancy: 'Shared', licenseModel: 'No License required', preInstalledSw: 'NA' },
  rds: { databaseEngine: 'MySQL', deploymentOption: 'Single-AZ' },
  elasticache: { cacheEngine: 'Redis' },
  opensearch: {},
  ebs: {},
  natgateway: {},
  rdsstorage: {},
  eks: {},
  elb: {},
  lambda: {},
};

export interface InstanceSpecs {
  vcpu?: number;
  memoryGiB?: number;
  /** 'arm64' or 'x86_64' when the processor says so, else AWS's processorArchitecture. */
  architecture?: string;
  processor?: string;
  clockSpeed?: string;
  network?: string;
  storage?: string;
  gpu?: number;
  gpuMemory?: string;
  /** AWS's family category: "General purpose", "Compute optimized", ... */
  family?: string;
  currentGeneration?: boolean;
}

export interface ReservedPrice {
  /** '1yr' | '3yr' */
  term: string;
  /** 'standard' | 'convertible' ('' where the service has no classes) */
  class: string;
  /** 'No Upfront' | 'Partial Upfront' | 'All Upfront' (older services: 'Heavy Utilization', ...) */
  purchase: string;
  hourly: number;
  upfront: number;
  /** hourly + upfront / (years x 8760). */
  effectiveHourly: number;
}

export interface SavingsPlanPrice {
  plan: 'Compute' | 'EC2 Instance';
  term: string;
  purchase: string;
  /** The plan's effective hourly rate for this usage. */
  hourly: number;
}

export interface PriceSource {
  offerCode: string;
  version: string;
  publicationDate: string;
  /** SHA-256 of the offer file the prices came from. */
  sha256?: string;
}

export interface PriceRecord {
  kind: PriceKind;
  size: string;
  region: string;
  currency: string;
  /** The variant fields of this kind, e.g. {operatingSystem: 'Linux', tenancy: 'Shared', ...}. */
  variant: Record<string, string>;
  onDemand?: { hourly: number };
  reserved: ReservedPrice[];
  savingsPlans: SavingsPlanPrice[];
  specs: InstanceSpecs;
  usageType: string;
  operation: string;
  source: PriceSource;
}

/** ec2 unless the name says otherwise: db.* (RDS), cache.* (ElastiCache), *.search (OpenSearch). */
export function kindOfSize(size: string): InstanceKind {
  if (size.startsWith('db.')) return 'rds';
  if (size.startsWith('cache.')) return 'elasticache';
  if (size.endsWith('.search') || size.endsWith('.elasticsearch')) return 'opensearch';
  return 'ec2';
}

export const hoursPerYear = 8760;

export function leaseYears(term: string): number {
  const m = /^(\d+)\s*(yr|year)/i.exec(term);
  return m ? Number(m[1]) : 1;
}

export const savingsPlanOfferCode = 'AWSComputeSavingsPlan';

/** The offer codes whose files the index reads, and what they hold. */
export const indexedOfferCodes: Readonly<Record<string, string>> = {
  AmazonEC2: 'EC2 instances, EBS volumes, NAT gateways',
  AmazonRDS: 'RDS database instances and storage',
  AmazonElastiCache: 'ElastiCache nodes',
  AmazonES: 'OpenSearch instances',
  AmazonEKS: 'EKS clusters',
  AWSELB: 'load balancers',
  AWSLambda: 'Lambda requests and duration',
  [savingsPlanOfferCode]: 'Savings Plans rates',
};
