/**
 * An EBS volume's components: storage (GB-month by volume type), provisioned IOPS (io1, io2 in its
 * three tiers, gp3 above its free 3,000) and gp3 throughput above its free 125 MiB/s; magnetic I/O is
 * usage-based. Used for `aws_ebs_volume`, root and block devices of instances, and node disks.
 */
import { numberAttribute, read } from './attribute-values';
import type { PricedComponentSpec, UnpricedComponent, UsageComponentSpec } from './components';
import type { AttributeReader } from './iac-resources';

/** Storage usage types per volume type (io1's is `piops` in AWS's naming; magnetic has no suffix). */
const storageUsage: Readonly<Record<string, string>> = {
  gp2: 'EBS:VolumeUsage.gp2',
  gp3: 'EBS:VolumeUsage.gp3',
  io1: 'EBS:VolumeUsage.piops',
  io2: 'EBS:VolumeUsage.io2',
  st1: 'EBS:VolumeUsage.st1',
  sc1: 'EBS:VolumeUsage.sc1',
  standard: 'EBS:VolumeUsage',
};

/** io2 IOPS are billed in tiers: up to 32,000, 32,001-64,000, and above. */
const io2Tiers: readonly [number, string][] = [
  [32_000, 'EBS:VolumeP-IOPS.io2'],
  [64_000, 'EBS:VolumeP-IOPS.io2.tier2'],
  [Infinity, 'EBS:VolumeP-IOPS.io2.tier3'],
];

const gp3FreeIops = 3000;
const gp3FreeThroughput = 125;

/** Attribute names; a volume that cannot state a type or IOPS (an EKS node disk) leaves them out. */
export interface VolumeKeys {
  type?: string;
  size: string;
  iops?: string;
  throughput?: string;
}

export interface VolumeDefaults {
  type: string;
  typeReason: string;
  /** When absent, the size is unpriced: a snapshot or the AMI decides it. */
  size?: number;
  sizeReason?: string;
}

export interface VolumeParts {
  priced: PricedComponentSpec[];
  usage: UsageComponentSpec[];
  unpriced: UnpricedComponent[];
}

/**
 * `label` names the volume in component names ("Root volume", "Volume", "Block device /dev/sdf");
 * `copies` multiplies per resource copy (node disks: one per node).
 */
export function ebsVolume(v: AttributeReader, label: string, keys: VolumeKeys, defaults: VolumeDefaults, copies = 1, copiesReason?: string): VolumeParts {
  const out: VolumeParts = { priced: [], usage: [], unpriced: [] };
  const typeText = keys.type ? read(v, keys.type) : undefined;
  if (typeText === null) {
    out.unpriced.push({ name: `${label} storage`, reason: `${keys.type} is computed in the file` });
    return out;
  }
  const type = (typeText ?? defaults.type).trim().toLowerCase();
  const usage = storageUsage[type];
  if (!usage) {
    out.unpriced.push({ name: `${label} storage`, reason: `${keys.type} = "${typeText}" is not an EBS volume type (gp2, gp3, io1, io2, st1, sc1, standard)` });
    return out;
  }
  const typeWhy = typeText === undefined ? defaults.typeReason : `${keys.type} = ${typeText}`;
  const per = copiesReason ? [copiesReason] : [];
  const size = numberAttribute(v, keys.size);
  if (typeof size === 'object') out.unpriced.push({ name: `${label} storage`, reason: size.unpriced });
  else if (size === undefined && defaults.size === undefined)
    out.unpriced.push({ name: `${label} storage`, reason: `${keys.size} is not stated: the snapshot or the AMI decides it` });
  else {
    const gb = size ?? defaults.size!;
    out.priced.push({
      name: `${label} storage`,
      product: { kind: 'ebs', usage },
      filter: {},
      variant: { volumeType: type },
      reasons: [typeWhy, size === undefined ? defaults.sizeReason! : `${keys.size} = ${gb} GB`, ...per],
      unit: 'GB-Mo',
      quantityPerMonth: () => gb * copies,
    });
  }
  const iops = keys.iops ? numberAttribute(v, keys.iops) : undefined;
  if (typeof iops === 'object') {
    if (type === 'io1' || type === 'io2' || type === 'gp3') out.unpriced.push({ name: `${label} IOPS`, reason: iops.unpriced });
  } else if (type === 'io1' || type === 'io2') {
    if (iops === undefined) out.unpriced.push({ name: `${label} IOPS`, reason: `${keys.iops} is not stated (AWS requires it for ${type})` });
    else if (type === 'io1') out.priced.push(iopsSpec(label, 'EBS:VolumeP-IOPS.piops', type, iops, [`${keys.iops} = ${iops}`, ...per], copies));
    else {
      let below = 0;
      for (const [ceiling, tierUsage] of io2Tiers) {
        const inTier = Math.min(iops, ceiling) - below;
        if (inTier <= 0) break;
        const tier = tierUsage.endsWith('io2') ? 'tier 1' : `tier ${tierUsage.slice(-1)}`;
        out.priced.push(iopsSpec(`${label} IOPS (${tier})`, tierUsage, type, inTier, [`${keys.iops} = ${iops}: ${inTier} in ${tier}`, ...per], copies, true));
        below = ceiling;
      }
    }
  } else if (type === 'gp3' && iops !== undefined && iops > gp3FreeIops) {
    out.priced.push(
      iopsSpec(
        label,
        'EBS:VolumeP-IOPS.gp3',
        type,
        iops - gp3FreeIops,
        [`${keys.iops} = ${iops}: ${iops - gp3FreeIops} above the free ${gp3FreeIops}`, ...per],
        copies,
      ),
    );
  }
  if (type === 'gp3' && keys.throughput) {
    const t = numberAttribute(v, keys.throughput);
    if (typeof t === 'object') out.unpriced.push({ name: `${label} throughput`, reason: t.unpriced });
    else if (t !== undefined && t > gp3FreeThroughput) {
      const extra = t - gp3FreeThroughput;
      out.priced.push({
        name: `${label} throughput`,
        product: { kind: 'ebs', usage: 'EBS:VolumeP-Throughput.gp3' },
        filter: {},
        variant: { volumeType: type },
        reasons: [`${keys.throughput} = ${t} MiB/s: ${extra} above the free ${gp3FreeThroughput} (${extra}/1024 GiB/s)`, ...per],
        // AWS prices provisioned throughput per GiB/s-month.
        unit: 'GiBps-mo',
        quantityPerMonth: () => (extra / 1024) * copies,
      });
    }
  }
  if (type === 'standard') {
    out.usage.push({
      name: `${label} I/O requests`,
      product: { kind: 'ebs', usage: 'EBS:VolumeIOUsage' },
      filter: {},
      unit: 'IOs',
      usageKeys: ['monthly_standard_io_requests'],
      fromUsage: (u) =>
        u.monthly_standard_io_requests === undefined
          ? undefined
          : { quantity: u.monthly_standard_io_requests * copies, reasons: [`monthly_standard_io_requests = ${u.monthly_standard_io_requests}`] },
    });
  }
  return out;
}

function iopsSpec(label: string, usage: string, type: string, iops: number, reasons: string[], copies: number, named = false): PricedComponentSpec {
  return {
    name: named ? label : `${label} IOPS`,
    product: { kind: 'ebs', usage },
    filter: {},
    variant: { volumeType: type },
    reasons,
    unit: 'IOPS-Mo',
    quantityPerMonth: () => iops * copies,
  };
}
