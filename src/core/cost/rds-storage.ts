/**
 * An RDS instance's storage: GB-month by storage type and deployment (Multi-AZ has its own, about
 * twice the price: the quantity stays the allocated size), io1 IOPS, and gp3 IOPS above the baseline.
 */
import { numberAttribute, read } from './attribute-values';
import type { PricedComponentSpec, UnpricedComponent } from './components';
import type { AttributeReader } from './iac-resources';

const storageUsage: Readonly<Record<string, string>> = {
  gp2: 'GP2-Storage',
  gp3: 'GP3-Storage',
  io1: 'PIOPS-Storage',
  standard: 'StorageUsage',
};

export interface RdsStorageKeys {
  size: string;
  type: string;
  iops: string;
  throughput: string;
  replica: string;
}

/** `deployment`: 'Single-AZ' | 'Multi-AZ', or a reason when the file does not say which. */
export function rdsStorage(
  r: AttributeReader,
  keys: RdsStorageKeys,
  deployment: string | { unpriced: string },
  defaultSize?: { gb: number; reason: string },
): { priced: PricedComponentSpec[]; unpriced: UnpricedComponent[] } {
  const priced: PricedComponentSpec[] = [];
  const unpriced: UnpricedComponent[] = [];
  const name = 'Database storage';
  if (typeof deployment === 'object') return { priced, unpriced: [{ name, reason: deployment.unpriced }] };
  const size = numberAttribute(r, keys.size);
  if (typeof size === 'object') return { priced, unpriced: [{ name, reason: size.unpriced }] };
  if (size === undefined && !defaultSize) {
    const why = r.has(keys.replica)
      ? "a read replica takes its source instance's"
      : 'AWS requires it unless the instance is restored from a snapshot, which then decides it';
    return { priced, unpriced: [{ name, reason: `${keys.size} is not stated (${why})` }] };
  }
  const gb = size ?? defaultSize!.gb;
  const iops = numberAttribute(r, keys.iops);
  const typeText = read(r, keys.type);
  if (typeText === null) return { priced, unpriced: [{ name, reason: `${keys.type} is computed in the file` }] };
  // Terraform, CloudFormation and Pulumi: io1 when iops is set, else gp2.
  const type = (typeText ?? (iops !== undefined ? 'io1' : 'gp2')).trim().toLowerCase();
  const usage = storageUsage[type];
  if (!usage) return { priced, unpriced: [{ name, reason: `${keys.type} = "${typeText}": only gp2, gp3, io1 and standard storage are priced` }] };
  const prefix = deployment === 'Multi-AZ' ? 'RDS:Multi-AZ-' : 'RDS:';
  const typeWhy = typeText === undefined ? `${keys.type} not set → ${type}${iops !== undefined ? ` (${keys.iops} is set)` : ''}` : `${keys.type} = ${typeText}`;
  priced.push({
    name,
    product: { kind: 'rdsstorage', usage: `${prefix}${usage}` },
    filter: {},
    variant: { storageType: type, deploymentOption: deployment },
    reasons: [typeWhy, size === undefined ? defaultSize!.reason : `${keys.size} = ${gb} GB`, `${deployment}: its own storage price`],
    unit: 'GB-Mo',
    quantityPerMonth: () => gb,
  });
  if (typeof iops === 'object') {
    if (type === 'io1' || type === 'gp3') unpriced.push({ name: 'Provisioned IOPS', reason: iops.unpriced });
  } else if (type === 'io1') {
    if (iops === undefined) unpriced.push({ name: 'Provisioned IOPS', reason: `${keys.iops} is not stated (AWS requires it for io1)` });
    else
      priced.push({
        name: 'Provisioned IOPS',
        product: { kind: 'rdsstorage', usage: `${prefix}PIOPS` },
        filter: {},
        variant: { storageType: type, deploymentOption: deployment },
        reasons: [`${keys.iops} = ${iops}`],
        unit: 'IOPS-Mo',
        quantityPerMonth: () => iops,
      });
  } else if (type === 'gp3' && iops !== undefined) {
    // gp3 includes 3,000 IOPS, or 12,000 from 400 GB up (RDS's baseline for most engines).
    const baseline = gb >= 400 ? 12_000 : 3000;
    if (iops > baseline) {
      priced.push({
        name: 'Provisioned IOPS',
        product: { kind: 'rdsstorage', usage: `${prefix}GP3-PIOPS` },
        filter: {},
        variant: { storageType: type, deploymentOption: deployment },
        reasons: [`${keys.iops} = ${iops}: ${iops - baseline} above the included ${baseline}`],
        unit: 'IOPS-Mo',
        quantityPerMonth: () => iops - baseline,
      });
    }
  }
  if (type === 'gp3' && r.has(keys.throughput))
    unpriced.push({ name: 'Provisioned throughput', reason: `${keys.throughput} above the included baseline is not priced yet` });
  return { priced, unpriced };
}
