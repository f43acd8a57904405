/**
 * Resources whose price is an hourly fee plus usage: EKS clusters, NAT gateways, load balancers;
 * and Lambda functions, which are usage only. The hourly part is priced from the file; the usage
 * part only from a usage file (Infracost's key names), never guessed.
 */
import { numberAttribute, read } from './attribute-values';
import type { ResourceComponents, UsageComponentSpec, UsageValues } from './components';
import type { AttributeReader } from './iac-resources';

export function eksCluster(): ResourceComponents {
  return {
    priced: [
      {
        name: 'Cluster',
        product: { kind: 'eks', usage: 'AmazonEKS-Hours:perCluster' },
        filter: {},
        reasons: ['standard support (a version in extended support costs more: not modelled)'],
        unit: 'Hrs',
        quantityPerMonth: (h) => h,
      },
    ],
    unpriced: [],
  };
}

export function natGateway(): ResourceComponents {
  return {
    priced: [
      { name: 'NAT gateway', product: { kind: 'natgateway', usage: 'NatGateway-Hours' }, filter: {}, reasons: [], unit: 'Hrs', quantityPerMonth: (h) => h },
    ],
    usage: [perGb('Data processed', { kind: 'natgateway', usage: 'NatGateway-Bytes' }, {})],
    unpriced: [],
  };
}

function perGb(name: string, product: UsageComponentSpec['product'], filter: Record<string, string>): UsageComponentSpec {
  return {
    name,
    product,
    filter,
    unit: 'GB',
    usageKeys: ['monthly_data_processed_gb'],
    fromUsage: (u) =>
      u.monthly_data_processed_gb === undefined
        ? undefined
        : { quantity: u.monthly_data_processed_gb, reasons: [`monthly_data_processed_gb = ${u.monthly_data_processed_gb}`] },
  };
}

const lbFamilies: Readonly<Record<string, string>> = {
  application: 'Load Balancer-Application',
  network: 'Load Balancer-Network',
  gateway: 'Load Balancer-Gateway',
};

/**
 * What one LCU holds per dimension (AWS's pricing pages): new connections per second, active
 * connections per minute, GB processed per hour, rule evaluations per second. The busiest one is billed.
 */
const lcuDimensions: Readonly<Record<string, readonly [string, number][]>> = {
  application: [
    ['new_connections', 25],
    ['active_connections', 3000],
    ['processed_bytes_gb', 1],
    ['rule_evaluations', 1000],
  ],
  network: [
    ['new_connections', 800],
    ['active_connections', 100_000],
    ['processed_bytes_gb', 1],
  ],
  gateway: [
    ['new_connections', 600],
    ['active_connections', 60_000],
    ['processed_bytes_gb', 1],
  ],
};

export function loadBalancer(r: AttributeReader, typeKey: string): ResourceComponents {
  const typeText = read(r, typeKey);
  if (typeText === null) return { priced: [], unpriced: [{ name: 'Load balancer', reason: `${typeKey} is computed in the file` }] };
  const type = (typeText ?? 'application').trim().toLowerCase();
  const family = lbFamilies[type];
  if (!family) return { priced: [], unpriced: [{ name: 'Load balancer', reason: `${typeKey} = "${typeText}" is not application, network or gateway` }] };
  const dims = lcuDimensions[type]!;
  const lcu: UsageComponentSpec = {
    name: 'Capacity units (LCU)',
    product: { kind: 'elb', usage: 'LCUUsage' },
    filter: { productFamily: family },
    unit: 'LCU-Hrs',
    usageKeys: dims.map(([k]) => k),
    fromUsage: (u: UsageValues, hours) => {
      const given = dims.filter(([k]) => u[k] !== undefined);
      if (given.length === 0) return undefined;
      const perHour = Math.max(...given.map(([k, per]) => u[k]! / per));
      return {
        quantity: perHour * hours,
        reasons: [`${given.map(([k, per]) => `${k} = ${u[k]} (${(u[k]! / per).toFixed(2)} LCU)`).join(', ')}: the largest is billed, x ${hours} h`],
      };
    },
  };
  return {
    priced: [
      {
        name: 'Load balancer',
        product: { kind: 'elb', usage: 'LoadBalancerUsage' },
        filter: { productFamily: family },
        variant: { type },
        reasons: [typeText === undefined ? `${typeKey} not set → application` : `${typeKey} = ${typeText}`],
        unit: 'Hrs',
        quantityPerMonth: (h) => h,
      },
    ],
    usage: [lcu],
    unpriced: [],
  };
}

export function classicLoadBalancer(): ResourceComponents {
  return {
    priced: [
      {
        name: 'Classic load balancer',
        product: { kind: 'elb', usage: 'LoadBalancerUsage' },
        filter: { productFamily: 'Load Balancer' },
        reasons: [],
        unit: 'Hrs',
        quantityPerMonth: (h) => h,
      },
    ],
    usage: [perGb('Data processed', { kind: 'elb', usage: 'DataProcessing-Bytes' }, { productFamily: 'Load Balancer' })],
    unpriced: [],
  };
}

export function lambdaFunction(r: AttributeReader, keys: { memory: string; architectures: string }): ResourceComponents {
  const memory = numberAttribute(r, keys.memory);
  const arch = read(r, keys.architectures);
  const requests: UsageComponentSpec = {
    name: 'Requests',
    product: { kind: 'lambda', usage: 'Request' },
    filter: {},
    unit: 'Requests',
    usageKeys: ['monthly_requests'],
    fromUsage: (u) => (u.monthly_requests === undefined ? undefined : { quantity: u.monthly_requests, reasons: [`monthly_requests = ${u.monthly_requests}`] }),
  };
  if (typeof memory === 'object' || arch === null) {
    return {
      priced: [],
      usage: [requests],
      unpriced: [{ name: 'Duration', reason: typeof memory === 'object' ? memory.unpriced : `${keys.architectures} is computed in the file` }],
    };
  }
  const mb = memory ?? 128;
  const arm = arch !== undefined && /arm64/i.test(arch);
  const duration: UsageComponentSpec = {
    name: 'Duration',
    product: { kind: 'lambda', usage: arm ? 'Lambda-GB-Second-ARM' : 'Lambda-GB-Second' },
    filter: {},
    unit: 'Lambda-GB-Second',
    usageKeys: ['monthly_requests', 'request_duration_ms'],
    fromUsage: (u) => {
      if (u.monthly_requests === undefined || u.request_duration_ms === undefined) return undefined;
      // Billed per millisecond, rounded up, at the memory configured.
      const gbSeconds = (u.monthly_requests * Math.ceil(u.request_duration_ms) * mb) / 1000 / 1024;
      return {
        quantity: gbSeconds,
        reasons: [
          `${u.monthly_requests} requests x ${Math.ceil(u.request_duration_ms)} ms x ${mb} MB (${memory === undefined ? `${keys.memory} not set → 128` : `${keys.memory} = ${mb}`}, ${arm ? 'arm64' : 'x86_64'}); the free tier is not taken off`,
        ],
      };
    },
  };
  return { priced: [], usage: [requests, duration], unpriced: [] };
}
