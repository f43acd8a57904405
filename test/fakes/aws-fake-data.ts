// Seeded, deterministic account and price data for the local AWS server (aws-server.ts). Shapes
// are the wire shapes of docs/aws-formats.md §2-§3: Pricing items as AWS's product+terms JSON, EC2 data
// as the SDK-shaped objects the server writes out as EC2 XML, Budgets with long decimal strings and
// epoch-second times, Cost Explorer amounts as decimal strings. Same seed + same clock = same bytes.

import { seededRandom } from './seeded-random';

export interface PricingServiceData {
  ServiceCode: string;
  AttributeNames: string[];
}

/** One GetProducts item, decoded (the server JSON-encodes it into the PriceList string). */
export interface PriceItemData {
  product: { productFamily: string; attributes: Record<string, string>; sku: string };
  serviceCode: string;
  terms: Record<string, Record<string, unknown>>;
  version: string;
  publicationDate: string;
}

/** SDK-shaped (PascalCase) spot price, written out as `<item>` of `spotPriceHistorySet`. */
export interface SpotPriceData {
  AvailabilityZone: string;
  InstanceType: string;
  ProductDescription: string;
  SpotPrice: string;
  Timestamp: Date;
}

export interface RegionData {
  RegionName: string;
  Endpoint: string;
  OptInStatus: 'opt-in-not-required' | 'opted-in' | 'not-opted-in';
}

/** Budgets `Budget` on the wire: amounts are strings, times epoch seconds. */
export interface BudgetData {
  BudgetName: string;
  BudgetType: string;
  TimeUnit: string;
  BudgetLimit?: { Amount: string; Unit: string };
  PlannedBudgetLimits?: Record<string, { Amount: string; Unit: string }>;
  CalculatedSpend?: { ActualSpend: { Amount: string; Unit: string }; ForecastedSpend?: { Amount: string; Unit: string } };
  TimePeriod: { Start: number; End: number };
  LastUpdatedTime: number;
  CostTypes?: Record<string, boolean>;
  /** Deprecated but still sent: dimension name → values (docs/aws-formats.md §3.2.1). */
  CostFilters?: Record<string, string[]>;
  /** Sent only when DescribeBudgets asks with ShowFilterExpression. */
  FilterExpression?: Record<string, unknown>;
}

export interface BudgetHistoryData {
  BudgetedAmount: { Amount: string; Unit: string };
  ActualAmount: { Amount: string; Unit: string };
  TimePeriod: { Start: number; End: number };
}

export interface ServiceCostData {
  /** Cost Explorer's SERVICE dimension value. */
  service: string;
  /** Average cost per day in USD; each day varies around it deterministically. */
  perDay: number;
}

export interface AwsFakeData {
  accountId: string;
  arn: string;
  userId: string;
  services: PricingServiceData[];
  /** `${ServiceCode}/${AttributeName}` → values; default: read from the products. */
  attributeValues: Record<string, string[]>;
  products: PriceItemData[];
  spotPrices: SpotPriceData[];
  /** SDK-shaped InstanceTypeInfo objects (PascalCase), written out as EC2 XML. */
  instanceTypes: Record<string, unknown>[];
  regions: RegionData[];
  budgets: BudgetData[];
  budgetHistory: Record<string, BudgetHistoryData[]>;
  costs: ServiceCostData[];
}

export const fakeRegions: Record<string, { location: string; zones: string[]; optIn: RegionData['OptInStatus'] }> = {
  'us-east-1': { location: 'US East (N. Virginia)', zones: ['a', 'b', 'c', 'd', 'e', 'f'], optIn: 'opt-in-not-required' },
  'us-west-2': { location: 'US West (Oregon)', zones: ['a', 'b', 'c', 'd'], optIn: 'opt-in-not-required' },
  'eu-west-1': { location: 'EU (Ireland)', zones: ['a', 'b', 'c'], optIn: 'opt-in-not-required' },
  'eu-central-1': { location: 'EU (Frankfurt)', zones: ['a', 'b', 'c'], optIn: 'opt-in-not-required' },
  'ap-south-1': { location: 'Asia Pacific (Mumbai)', zones: ['a', 'b', 'c'], optIn: 'opt-in-not-required' },
  'ap-southeast-2': { location: 'Asia Pacific (Sydney)', zones: ['a', 'b', 'c'], optIn: 'opt-in-not-required' },
  'af-south-1': { location: 'Africa (Cape Town)', zones: ['a', 'b', 'c'], optIn: 'opted-in' },
  'ap-east-2': { location: 'Asia Pacific (Taipei)', zones: ['a', 'b', 'c'], optIn: 'not-opted-in' },
  'me-central-1': { location: 'Middle East (UAE)', zones: ['a', 'b', 'c'], optIn: 'not-opted-in' },
};

/** Regions with price data; cn-north-1 is priced in CNY like the China partition. */
export const pricedRegions = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'af-south-1', 'cn-north-1'];

export const pricedSizes: Record<
  string,
  { hourly: number; vcpu: number; memory: string; processor: string; arch: string; clock: string; network: string; family: string; storage: string }
> = {
  'm5.large': {
    hourly: 0.096,
    vcpu: 2,
    memory: '8 GiB',
    processor: 'Intel Xeon Platinum 8175 (Skylake)',
    arch: '64-bit',
    clock: '3.1 GHz',
    network: 'Up to 10 Gigabit',
    family: 'General purpose',
    storage: 'EBS only',
  },
  'm5.xlarge': {
    hourly: 0.192,
    vcpu: 4,
    memory: '16 GiB',
    processor: 'Intel Xeon Platinum 8175 (Skylake)',
    arch: '64-bit',
    clock: '3.1 GHz',
    network: 'Up to 10 Gigabit',
    family: 'General purpose',
    storage: 'EBS only',
  },
  'c5.large': {
    hourly: 0.085,
    vcpu: 2,
    memory: '4 GiB',
    processor: 'Intel Xeon Platinum 8124M',
    arch: '64-bit',
    clock: '3.4 GHz',
    network: 'Up to 10 Gigabit',
    family: 'Compute optimized',
    storage: 'EBS only',
  },
  't3.micro': {
    hourly: 0.0104,
    vcpu: 2,
    memory: '1 GiB',
    processor: 'Intel Skylake E5 2686 v5',
    arch: '64-bit',
    clock: '2.5 GHz',
    network: 'Up to 5 Gigabit',
    family: 'General purpose',
    storage: 'EBS only',
  },
  'r6g.large': {
    hourly: 0.1008,
    vcpu: 2,
    memory: '16 GiB',
    processor: 'AWS Graviton2 Processor',
    arch: '64-bit',
    clock: '2.5 GHz',
    network: 'Up to 10 Gigabit',
    family: 'Memory optimized',
    storage: 'EBS only',
  },
};

export const spotProducts = ['Linux/UNIX', 'Linux/UNIX (Amazon VPC)', 'Windows'];
export const spotRegions = ['us-east-1', 'eu-west-1', 'af-south-1'];
export const spotSizes = ['m5.large', 'c5.large', 't3.micro', 'r6g.large'];
/** How far back the spot history goes, and the quiet hour kept around "7 days ago" (see below). */
export const spotHistoryDays = 10;

// AWS's real offer term codes for the twelve Reserved combinations (docs/aws-formats.md §1.6).
const reservedCodes: Record<string, string> = {
  '1yr standard No Upfront': '4NA7Y494T4',
  '1yr standard Partial Upfront': 'HU7G6KETJZ',
  '1yr standard All Upfront': '6QCMYABX3D',
  '1yr convertible No Upfront': '7NE97W5U4E',
  '1yr convertible Partial Upfront': 'CUZHX8X6JH',
  '1yr convertible All Upfront': 'VJWZNREJX2',
  '3yr standard No Upfront': 'BPH4J8HBKS',
  '3yr standard Partial Upfront': '38NPMPTW36',
  '3yr standard All Upfront': 'NQ3QZPMQV9',
  '3yr convertible No Upfront': 'Z2E3P23VKM',
  '3yr convertible Partial Upfront': 'R5XV2EPZQZ',
  '3yr convertible All Upfront': 'MZU6U2429S',
};
const discount: Record<string, number> = { '1yr standard': 0.62, '1yr convertible': 0.72, '3yr standard': 0.42, '3yr convertible': 0.52 };
const purchaseFactor: Record<string, number> = { 'No Upfront': 1, 'Partial Upfront': 0.96, 'All Upfront': 0.94 };

const HOURLY_RATE = '6YS6EN2CT7';
const UPFRONT_RATE = '2TG2D8R56U';

function sku(random: () => number): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let s = '';
  for (let i = 0; i < 16; i++) s += chars[Math.floor(random() * chars.length)];
  return s;
}

function price(value: number): string {
  return value.toFixed(10);
}

/** The expected reserved prices of a size, for tests to compare with what came through the API. */
export function reservedPlan(onDemand: number): { term: string; class: string; purchase: string; hourly: number; upfront: number }[] {
  const plans = [];
  for (const term of ['1yr', '3yr']) {
    for (const cls of ['standard', 'convertible']) {
      for (const purchase of ['No Upfront', 'Partial Upfront', 'All Upfront']) {
        const years = term === '1yr' ? 1 : 3;
        const effective = onDemand * discount[`${term} ${cls}`]! * purchaseFactor[purchase]!;
        const hours = years * 8760;
        let hourly = Number(effective.toFixed(4));
        let upfront = 0;
        if (purchase === 'Partial Upfront') {
          upfront = Math.round(effective * hours * 0.5);
          hourly = Number((effective * 0.5).toFixed(4));
        } else if (purchase === 'All Upfront') {
          upfront = Math.round(effective * hours);
          hourly = 0;
        }
        plans.push({ term, class: cls, purchase, hourly, upfront });
      }
    }
  }
  return plans;
}

/** The on-demand hourly price the fake publishes for a size in a region (in that region's currency). */
export function onDemandPrice(size: string, region: string, seed: number): number {
  const base = pricedSizes[size]!.hourly;
  // Region uplift, plus a seeded wobble so a different seed gives different (but stable) numbers.
  const uplift: Record<string, number> = { 'us-east-1': 1, 'eu-west-1': 1.1146, 'ap-southeast-2': 1.25, 'af-south-1': 1.19, 'cn-north-1': 7.05 };
  const wobble = 1 + (seededRandom(seed ^ hash(`${size}|${region}`))() - 0.5) * 0.02;
  return Number((base * uplift[region]! * (region === 'us-east-1' ? 1 : wobble)).toFixed(4));
}

export function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const cnLocations: Record<string, string> = { 'cn-north-1': 'China (Beijing)' };

function priceItem(
  random: () => number,
  size: string,
  region: string,
  seed: number,
  variant: { os: string; tenancy: string; capacity: string; operation: string; usagePrefix: string },
  version: string,
  publicationDate: string,
): PriceItemData {
  const spec = pricedSizes[size]!;
  const id = sku(random);
  const china = region.startsWith('cn-');
  const currency = china ? 'CNY' : 'USD';
  // China uses other OnDemand codes (docs/aws-formats.md §5.11).
  const onDemandTerm = china ? '99YE2YK9UR' : 'JRTCKXETXF';
  const onDemandRate = china ? 'Q7UJUT2CE6' : HOURLY_RATE;
  const windowsUplift = variant.os === 'Windows' ? 1.9 : 1;
  const dedicatedUplift = variant.tenancy === 'Dedicated' ? 1.1 : 1;
  const unused = variant.capacity === 'UnusedCapacityReservation';
  const od = Number((onDemandPrice(size, region, seed) * windowsUplift * dedicatedUplift).toFixed(4));
  const location = fakeRegions[region]?.location ?? cnLocations[region] ?? region;
  const usagetype = `${variant.usagePrefix}${variant.tenancy === 'Dedicated' ? 'DedicatedUsage' : unused ? 'UnusedBox' : 'BoxUsage'}:${size}`;
  const terms: PriceItemData['terms'] = {
    OnDemand: {
      [`${id}.${onDemandTerm}`]: {
        priceDimensions: {
          [`${id}.${onDemandTerm}.${onDemandRate}`]: {
            unit: 'Hrs',
            endRange: 'Inf',
            description: `${currency === 'USD' ? '$' : 'CNY '}${od} per On Demand ${variant.os} ${size} Instance Hour`,
            appliesTo: [],
            rateCode: `${id}.${onDemandTerm}.${onDemandRate}`,
            beginRange: '0',
            pricePerUnit: { [currency]: price(od) },
          },
        },
        sku: id,
        effectiveDate: '2026-11-01T00:00:00Z',
        offerTermCode: onDemandTerm,
        termAttributes: {},
      },
    },
  };
  if (!unused) {
    const reserved: Record<string, unknown> = {};
    for (const plan of reservedPlan(od)) {
      const code = reservedCodes[`${plan.term} ${plan.class} ${plan.purchase}`]!;
      const dims: Record<string, unknown> = {};
      if (plan.purchase !== 'No Upfront') {
        // Upfront fee: unit Quantity and no ranges (docs/aws-formats.md §5.3).
        dims[`${id}.${code}.${UPFRONT_RATE}`] = {
          unit: 'Quantity',
          description: 'Upfront Fee',
          appliesTo: [],
          rateCode: `${id}.${code}.${UPFRONT_RATE}`,
          pricePerUnit: { [currency]: String(plan.upfront) },
        };
      }
      dims[`${id}.${code}.${HOURLY_RATE}`] = {
        unit: 'Hrs',
        endRange: 'Inf',
        description: `${variant.os} ${size} reserved instance applied`,
        appliesTo: [],
        rateCode: `${id}.${code}.${HOURLY_RATE}`,
        beginRange: '0',
        pricePerUnit: { [currency]: price(plan.hourly) },
      };
      reserved[`${id}.${code}`] = {
        priceDimensions: dims,
        sku: id,
        effectiveDate: '2026-10-01T00:00:00Z',
        offerTermCode: code,
        termAttributes: { LeaseContractLength: plan.term, OfferingClass: plan.class, PurchaseOption: plan.purchase },
      };
    }
    terms.Reserved = reserved;
  }
  return {
    product: {
      productFamily: 'Compute Instance',
      attributes: {
        memory: spec.memory,
        vcpu: String(spec.vcpu),
        capacitystatus: variant.capacity,
        locationType: 'AWS Region',
        storage: spec.storage,
        instanceFamily: spec.family,
        operatingSystem: variant.os,
        physicalProcessor: spec.processor,
        clockSpeed: spec.clock,
        ecu: 'NA',
        networkPerformance: spec.network,
        servicename: 'Amazon Elastic Compute Cloud',
        instanceType: size,
        tenancy: variant.tenancy,
        usagetype,
        servicecode: 'AmazonEC2',
        licenseModel: 'No License required',
        currentGeneration: 'Yes',
        preInstalledSw: 'NA',
        location,
        regionCode: region,
        processorArchitecture: spec.arch,
        operation: variant.operation,
      },
      sku: id,
    },
    serviceCode: 'AmazonEC2',
    terms,
    version,
    publicationDate,
  };
}

const usagePrefixes: Record<string, string> = { 'us-east-1': '', 'eu-west-1': 'EU-', 'ap-southeast-2': 'APS2-', 'af-south-1': 'AFS1-', 'cn-north-1': 'CNN1-' };

function storageItem(random: () => number, region: string, version: string, publicationDate: string): PriceItemData {
  const id = sku(random);
  return {
    product: {
      productFamily: 'Storage',
      attributes: {
        volumeType: 'General Purpose',
        storageMedia: 'SSD-backed',
        servicecode: 'AmazonEC2',
        usagetype: `${usagePrefixes[region]}EBS:VolumeUsage.gp3`,
        location: fakeRegions[region]?.location ?? cnLocations[region] ?? region,
        regionCode: region,
        servicename: 'Amazon Elastic Compute Cloud',
        operation: '',
        locationType: 'AWS Region',
      },
      sku: id,
    },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [`${id}.JRTCKXETXF`]: {
          priceDimensions: {
            [`${id}.JRTCKXETXF.${HOURLY_RATE}`]: {
              unit: 'GB-Mo',
              endRange: 'Inf',
              description: 'gp3 storage',
              appliesTo: [],
              rateCode: `${id}.JRTCKXETXF.${HOURLY_RATE}`,
              beginRange: '0',
              pricePerUnit: { [region.startsWith('cn-') ? 'CNY' : 'USD']: '0.0800000000' },
            },
          },
          sku: id,
          effectiveDate: '2026-11-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
    },
    version,
    publicationDate,
  };
}

function ec2AttributeNames(): string[] {
  return [
    'instanceType',
    'regionCode',
    'location',
    'locationType',
    'operatingSystem',
    'tenancy',
    'capacitystatus',
    'licenseModel',
    'preInstalledSw',
    'usagetype',
    'operation',
    'vcpu',
    'memory',
    'storage',
    'instanceFamily',
    'physicalProcessor',
    'clockSpeed',
    'networkPerformance',
    'processorArchitecture',
    'currentGeneration',
    'servicecode',
    'servicename',
    'volumeType',
    'storageMedia',
    'termType',
    'LeaseContractLength',
    'OfferingClass',
    'PurchaseOption',
    'ecu',
  ];
}

function spotHistory(random: () => number, now: Date, seed: number): SpotPriceData[] {
  const points: SpotPriceData[] = [];
  const end = now.getTime();
  const boundary = end - 7 * 86_400_000;
  for (const region of spotRegions) {
    for (const zone of fakeRegions[region]!.zones) {
      for (const size of spotSizes) {
        for (const product of spotProducts) {
          const base =
            onDemandPrice(size, region === 'af-south-1' ? 'af-south-1' : region === 'eu-west-1' ? 'eu-west-1' : 'us-east-1', seed) *
            (product === 'Windows' ? 1.9 : 1) *
            0.38;
          let level = base * (0.85 + random() * 0.3);
          // Walk backwards from a little before now, one price change every 2 to 20 hours.
          let t = end - Math.floor(random() * 3 * 3_600_000) - 60_000;
          while (t > end - spotHistoryDays * 86_400_000) {
            // No change within 90 minutes of "7 days ago": a client whose clock runs a little
            // later than the server's then still sees the same 7-day window.
            if (Math.abs(t - boundary) > 90 * 60_000) {
              points.push({
                AvailabilityZone: `${region}${zone}`,
                InstanceType: size,
                ProductDescription: product,
                SpotPrice: level.toFixed(6),
                Timestamp: new Date(Math.floor(t / 1000) * 1000),
              });
            }
            level = Math.max(base * 0.5, Math.min(base * 1.6, level * (0.9 + random() * 0.2)));
            t -= Math.floor((2 + random() * 18) * 3_600_000);
          }
        }
      }
    }
  }
  // AWS answers newest first.
  return points.sort((a, b) => b.Timestamp.getTime() - a.Timestamp.getTime() || a.AvailabilityZone.localeCompare(b.AvailabilityZone));
}

function instanceTypes(): Record<string, unknown>[] {
  const base = (
    type: string,
    vcpus: number,
    mib: number,
    arch: string,
    ghz: number,
    network: string,
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    InstanceType: type,
    CurrentGeneration: true,
    FreeTierEligible: type === 't3.micro',
    SupportedUsageClasses: ['on-demand', 'spot'],
    SupportedRootDeviceTypes: ['ebs'],
    SupportedVirtualizationTypes: ['hvm'],
    BareMetal: false,
    Hypervisor: 'nitro',
    ProcessorInfo: { SupportedArchitectures: [arch], SustainedClockSpeedInGhz: ghz, Manufacturer: arch === 'arm64' ? 'AWS' : 'Intel' },
    VCpuInfo: {
      DefaultVCpus: vcpus,
      DefaultCores: Math.max(1, vcpus / 2),
      DefaultThreadsPerCore: arch === 'arm64' ? 1 : 2,
      ValidCores: [1],
      ValidThreadsPerCore: [1, 2],
    },
    MemoryInfo: { SizeInMiB: mib },
    InstanceStorageSupported: false,
    EbsInfo: { EbsOptimizedSupport: 'default', EncryptionSupport: 'supported', NvmeSupport: 'required' },
    NetworkInfo: {
      NetworkPerformance: network,
      MaximumNetworkInterfaces: 3,
      Ipv4AddressesPerInterface: 10,
      Ipv6AddressesPerInterface: 10,
      Ipv6Supported: true,
      EnaSupport: 'required',
    },
    PlacementGroupInfo: { SupportedStrategies: ['cluster', 'partition', 'spread'] },
    HibernationSupported: true,
    BurstablePerformanceSupported: type.startsWith('t'),
    DedicatedHostsSupported: true,
    AutoRecoverySupported: true,
    SupportedBootModes: ['legacy-bios', 'uefi'],
    ...extra,
  });
  return [
    base('m5.large', 2, 8192, 'x86_64', 3.1, 'Up to 10 Gigabit'),
    base('m5.xlarge', 4, 16384, 'x86_64', 3.1, 'Up to 10 Gigabit'),
    base('c5.large', 2, 4096, 'x86_64', 3.4, 'Up to 10 Gigabit'),
    base('t3.micro', 2, 1024, 'x86_64', 2.5, 'Up to 5 Gigabit'),
    base('r6g.large', 2, 16384, 'arm64', 2.5, 'Up to 10 Gigabit'),
    base('g5.xlarge', 4, 16384, 'x86_64', 3.3, 'Up to 10 Gigabit', {
      InstanceStorageSupported: true,
      InstanceStorageInfo: { TotalSizeInGB: 250, Disks: [{ SizeInGB: 250, Count: 1, Type: 'ssd' }], NvmeSupport: 'required' },
      GpuInfo: { Gpus: [{ Name: 'A10G', Manufacturer: 'NVIDIA', Count: 1, MemoryInfo: { SizeInMiB: 24576 } }], TotalGpuMemoryInMiB: 24576 },
    }),
  ];
}

/** A long decimal string like Budgets sends ("604.4560000000000172803993336856365203857421875"). */
function longDecimal(value: number, random: () => number): string {
  let tail = '';
  for (let i = 0; i < 22; i++) tail += Math.floor(random() * 10);
  return `${value.toFixed(3)}0000000000000${tail}`;
}

function epoch(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function monthStart(now: Date, offset = 0): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}

function budgets(random: () => number, now: Date): { budgets: BudgetData[]; history: Record<string, BudgetHistoryData[]> } {
  const usd = (n: number): { Amount: string; Unit: string } => ({ Amount: longDecimal(n, random), Unit: 'USD' });
  const monthly = { Start: epoch(monthStart(now)), End: 3706473600 };
  const updated = epoch(new Date(now.getTime() - 3 * 3_600_000));
  const costTypes = {
    IncludeTax: true,
    IncludeSubscription: true,
    UseBlended: false,
    IncludeRefund: true,
    IncludeCredit: true,
    IncludeUpfront: true,
    IncludeRecurring: true,
    IncludeOtherSubscription: true,
    IncludeSupport: true,
    IncludeDiscount: true,
    UseAmortized: false,
  };
  const list: BudgetData[] = [
    {
      BudgetName: 'Monthly total',
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: '1000.0', Unit: 'USD' },
      CalculatedSpend: { ActualSpend: usd(523.456), ForecastedSpend: usd(981.25) },
      TimePeriod: monthly,
      LastUpdatedTime: updated,
      CostTypes: costTypes,
    },
    {
      BudgetName: 'EC2 compute',
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: '400', Unit: 'USD' },
      CalculatedSpend: { ActualSpend: usd(352.17), ForecastedSpend: usd(610.4) },
      TimePeriod: monthly,
      LastUpdatedTime: updated,
      CostTypes: costTypes,
      CostFilters: { Service: ['Amazon Elastic Compute Cloud - Compute'] },
      FilterExpression: { Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'], MatchOptions: ['EQUALS'] } },
    },
    {
      BudgetName: 'Data transfer',
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: '50', Unit: 'USD' },
      CalculatedSpend: { ActualSpend: usd(61.2), ForecastedSpend: usd(112.9) },
      TimePeriod: monthly,
      LastUpdatedTime: updated,
      CostTypes: costTypes,
      CostFilters: { UsageTypeGroup: ['EC2: Data Transfer - Internet (Out)'] },
      FilterExpression: { Dimensions: { Key: 'USAGE_TYPE_GROUP', Values: ['EC2: Data Transfer - Internet (Out)'] } },
    },
    // A budget that has not been evaluated for a forecast yet: ForecastedSpend is absent.
    {
      BudgetName: 'Sandbox daily',
      BudgetType: 'COST',
      TimeUnit: 'DAILY',
      BudgetLimit: { Amount: '5', Unit: 'USD' },
      CalculatedSpend: { ActualSpend: { Amount: '0', Unit: 'USD' } },
      TimePeriod: { Start: epoch(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))), End: 3706473600 },
      LastUpdatedTime: updated,
    },
    {
      BudgetName: 'Yearly cap',
      BudgetType: 'COST',
      TimeUnit: 'ANNUALLY',
      BudgetLimit: { Amount: '12000', Unit: 'USD' },
      CalculatedSpend: { ActualSpend: usd(9876.5), ForecastedSpend: usd(11020) },
      TimePeriod: { Start: epoch(new Date(Date.UTC(now.getUTCFullYear(), 0, 1))), End: 3706473600 },
      LastUpdatedTime: updated,
      CostTypes: costTypes,
    },
    {
      BudgetName: 'EC2 hours',
      BudgetType: 'USAGE',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: '2000', Unit: 'Hrs' },
      CalculatedSpend: { ActualSpend: { Amount: longDecimal(1650, random), Unit: 'Hrs' }, ForecastedSpend: { Amount: '2900', Unit: 'Hrs' } },
      TimePeriod: monthly,
      LastUpdatedTime: updated,
    },
  ];
  // Planned limits: a different amount per month, keyed by each month's start in epoch seconds.
  const planned: Record<string, { Amount: string; Unit: string }> = {};
  for (let m = -2; m <= 3; m++) planned[String(epoch(monthStart(now, m)))] = { Amount: String(300 + (m + 2) * 50), Unit: 'USD' };
  list.push({
    BudgetName: 'Planned growth',
    BudgetType: 'COST',
    TimeUnit: 'MONTHLY',
    PlannedBudgetLimits: planned,
    CalculatedSpend: { ActualSpend: usd(180.5), ForecastedSpend: usd(395) },
    TimePeriod: monthly,
    LastUpdatedTime: updated,
    CostTypes: costTypes,
  });
  // Team budgets, enough for several pages at a small page size.
  for (let i = 1; i <= 9; i++) {
    const limit = 100 * i;
    const used = limit * (0.2 + random() * 1.1);
    list.push({
      BudgetName: `team-${String(i).padStart(2, '0')}`,
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: `${limit}.0`, Unit: 'USD' },
      CalculatedSpend: { ActualSpend: usd(used), ForecastedSpend: usd(used * 1.8) },
      TimePeriod: monthly,
      LastUpdatedTime: updated,
      CostTypes: costTypes,
    });
  }
  const history: Record<string, BudgetHistoryData[]> = {};
  for (const b of list) {
    if (b.TimeUnit !== 'MONTHLY') continue;
    const limit = Number(b.BudgetLimit?.Amount ?? '300');
    const entries: BudgetHistoryData[] = [];
    for (let m = -12; m <= -1; m++) {
      entries.push({
        BudgetedAmount: { Amount: `${limit}.0`, Unit: b.BudgetLimit?.Unit ?? 'USD' },
        ActualAmount: { Amount: longDecimal(limit * (0.5 + random() * 0.7), random), Unit: b.BudgetLimit?.Unit ?? 'USD' },
        TimePeriod: { Start: epoch(monthStart(now, m)), End: epoch(monthStart(now, m + 1)) },
      });
    }
    history[b.BudgetName] = entries;
  }
  return { budgets: list, history };
}

const costServices = [
  'Amazon Elastic Compute Cloud - Compute',
  'EC2 - Other',
  'Amazon Simple Storage Service',
  'Amazon Relational Database Service',
  'AWS Lambda',
  'Amazon CloudFront',
  'Amazon DynamoDB',
  'Amazon Virtual Private Cloud',
  'AmazonCloudWatch',
  'AWS Key Management Service',
  'Amazon Route 53',
  'Tax',
];

/** Cost of one service on one UTC day (YYYY-MM-DD), as Cost Explorer would report it. */
export function dailyCost(service: ServiceCostData, day: string): number {
  const wobble = 1 + ((hash(`${service.service}|${day}`) % 2001) - 1000) / 10_000;
  return service.perDay * wobble;
}

export interface AwsFakeDataOptions {
  seed?: number;
  now?: Date;
}

export function generateAwsData(options: AwsFakeDataOptions = {}): AwsFakeData {
  const seed = options.seed ?? 1;
  const now = options.now ?? new Date();
  const random = seededRandom(seed);
  const version = '20261120224512';
  const publicationDate = '2026-11-20T22:45:12Z';
  const products: PriceItemData[] = [];
  for (const region of pricedRegions) {
    const prefix = usagePrefixes[region]!;
    for (const size of Object.keys(pricedSizes)) {
      products.push(
        priceItem(
          random,
          size,
          region,
          seed,
          { os: 'Linux', tenancy: 'Shared', capacity: 'Used', operation: 'RunInstances', usagePrefix: prefix },
          version,
          publicationDate,
        ),
      );
      // The same size's other variants, which a plain-Linux lookup must not pick (docs/aws-formats.md §1.8, §5.6, §5.8).
      products.push(
        priceItem(
          random,
          size,
          region,
          seed,
          { os: 'Linux', tenancy: 'Shared', capacity: 'UnusedCapacityReservation', operation: 'RunInstances', usagePrefix: prefix },
          version,
          publicationDate,
        ),
      );
      products.push(
        priceItem(
          random,
          size,
          region,
          seed,
          { os: 'Windows', tenancy: 'Shared', capacity: 'Used', operation: 'RunInstances:0002', usagePrefix: prefix },
          version,
          publicationDate,
        ),
      );
      products.push(
        priceItem(
          random,
          size,
          region,
          seed,
          { os: 'Linux', tenancy: 'Dedicated', capacity: 'Used', operation: 'RunInstances', usagePrefix: prefix },
          version,
          publicationDate,
        ),
      );
    }
    products.push(storageItem(random, region, version, publicationDate));
  }
  const services: PricingServiceData[] = [
    { ServiceCode: 'AWSLambda', AttributeNames: ['location', 'regionCode', 'group', 'usagetype', 'servicecode'] },
    { ServiceCode: 'AmazonEC2', AttributeNames: ec2AttributeNames() },
    { ServiceCode: 'AmazonElastiCache', AttributeNames: ['location', 'regionCode', 'instanceType', 'cacheEngine'] },
    { ServiceCode: 'AmazonRDS', AttributeNames: ['location', 'regionCode', 'instanceType', 'databaseEngine', 'deploymentOption'] },
    { ServiceCode: 'AmazonS3', AttributeNames: ['location', 'regionCode', 'storageClass', 'volumeType'] },
    { ServiceCode: 'AmazonCloudFront', AttributeNames: ['location', 'fromLocation', 'toLocation'] },
    { ServiceCode: 'AmazonDynamoDB', AttributeNames: ['location', 'regionCode', 'group'] },
    { ServiceCode: 'AmazonRoute53', AttributeNames: ['location', 'routingType'] },
    { ServiceCode: 'AmazonVPC', AttributeNames: ['location', 'regionCode', 'group'] },
    { ServiceCode: 'AWSDataTransfer', AttributeNames: ['fromLocation', 'toLocation', 'transferType'] },
    { ServiceCode: 'comprehend', AttributeNames: ['location', 'regionCode'] },
  ];
  const regions: RegionData[] = Object.entries(fakeRegions).map(([name, r]) => ({
    RegionName: name,
    Endpoint: `ec2.${name}.amazonaws.com`,
    OptInStatus: r.optIn,
  }));
  const b = budgets(random, now);
  return {
    accountId: '123456789012',
    arn: 'arn:aws:iam::123456789012:user/price-atlas-test',
    userId: 'AIDAEXAMPLEUSERID0001',
    services,
    attributeValues: {},
    products,
    spotPrices: spotHistory(random, now, seed),
    instanceTypes: instanceTypes(),
    regions,
    budgets: b.budgets,
    budgetHistory: b.history,
    costs: costServices.map((service, i) => ({ service, perDay: Number((40 / (i + 1) + random() * 3).toFixed(4)) })),
  };
}
