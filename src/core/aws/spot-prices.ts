/**
 * The spot market for one instance size in one region: the current price in each availability
 * zone and the lowest and highest of the last days, from EC2 DescribeSpotPriceHistory.
 */
import { DescribeSpotPriceHistoryCommand } from '@aws-sdk/client-ec2';
import type { _InstanceType } from '@aws-sdk/client-ec2';
import { parseAmount, roundTo } from './aws-amounts';
import { allPages } from './aws-paging';
import type { AwsSession } from './aws-session';

export const defaultSpotProduct = 'Linux/UNIX';
export const defaultSpotDays = 7;

export interface SpotPricePoint {
  availabilityZone: string;
  instanceType: string;
  productDescription: string;
  /** Per hour, in the partition's currency. */
  price: number;
  timestamp: Date;
}

export interface SpotZoneSummary {
  availabilityZone: string;
  /** The price now: the latest change in this zone. */
  current: number;
  /** When that price took effect (ISO). */
  since: string;
  /** Lowest and highest price in effect during the window. */
  min: number;
  max: number;
  /** Price changes seen (including the one in effect at the window's start). */
  changes: number;
}

export interface SpotPriceSummary {
  size: string;
  region: string;
  productDescription: string;
  currency: string;
  window: { start: string; end: string };
  zones: SpotZoneSummary[];
}

/**
 * Per-zone summary of a price history. AWS also returns, per zone, the last change before the
 * window (docs/aws-formats.md §5.20): that price was in effect when the window opened, so it counts for min/max, while
 * older changes (if a caller passes them) do not.
 */
export function summariseSpotPrices(points: readonly SpotPricePoint[], window: { start: Date; end: Date }): SpotZoneSummary[] {
  const byZone = new Map<string, SpotPricePoint[]>();
  for (const p of points) {
    if (p.timestamp.getTime() > window.end.getTime()) continue;
    const list = byZone.get(p.availabilityZone) ?? [];
    list.push(p);
    byZone.set(p.availabilityZone, list);
  }
  const zones: SpotZoneSummary[] = [];
  for (const [zone, list] of byZone) {
    list.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    const start = window.start.getTime();
    // The last change at or before the start, then everything after it.
    let first = 0;
    for (let i = 0; i < list.length; i++) if (list[i]!.timestamp.getTime() <= start) first = i;
    const inEffect = list.slice(first);
    const latest = inEffect[inEffect.length - 1]!;
    const prices = inEffect.map((p) => p.price);
    zones.push({
      availabilityZone: zone,
      current: latest.price,
      since: latest.timestamp.toISOString(),
      min: Math.min(...prices),
      max: Math.max(...prices),
      changes: inEffect.length,
    });
  }
  return zones.sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone));
}

export interface SpotHistoryQuery {
  size: string;
  region: string;
  productDescription?: string;
  start: Date;
  end: Date;
}

/** Every price change of one size and product in a region between two times, all pages. */
export async function fetchSpotPriceHistory(session: AwsSession, query: SpotHistoryQuery): Promise<SpotPricePoint[]> {
  const client = session.ec2(query.region);
  const product = query.productDescription ?? defaultSpotProduct;
  const points = await allPages(async (token) => {
    const out = await session.call('ec2:DescribeSpotPriceHistory', query.region, () =>
      client.send(
        new DescribeSpotPriceHistoryCommand({
          InstanceTypes: [query.size as _InstanceType],
          ProductDescriptions: [product],
          StartTime: query.start,
          EndTime: query.end,
          MaxResults: 1000,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    const items = (out.SpotPriceHistory ?? []).flatMap((p): SpotPricePoint[] => {
      if (!p.AvailabilityZone || !p.Timestamp || p.SpotPrice === undefined) return [];
      return [
        {
          availabilityZone: p.AvailabilityZone,
          instanceType: p.InstanceType ?? query.size,
          productDescription: p.ProductDescription ?? product,
          price: parseAmount(p.SpotPrice, `spot price of ${query.size} in ${p.AvailabilityZone}`),
          timestamp: p.Timestamp,
        },
      ];
    });
    return { items, next: out.NextToken };
  }, 'EC2 DescribeSpotPriceHistory');
  // The filters are exact on AWS; this keeps a lenient emulator from mixing in other products.
  return points.filter((p) => p.instanceType === query.size && p.productDescription === product);
}

export interface SpotPriceQuery {
  size: string;
  region: string;
  productDescription?: string;
  /** The clock: the window ends now. */
  now: Date;
  days?: number;
}

export async function getSpotPrices(session: AwsSession, query: SpotPriceQuery): Promise<SpotPriceSummary> {
  const days = query.days ?? defaultSpotDays;
  const end = query.now;
  const start = new Date(end.getTime() - days * 86_400_000);
  const productDescription = query.productDescription ?? defaultSpotProduct;
  const points = await fetchSpotPriceHistory(session, { size: query.size, region: query.region, productDescription, start, end });
  const zones = summariseSpotPrices(points, { start, end }).map((z) => ({
    ...z,
    current: roundTo(z.current, 6),
    min: roundTo(z.min, 6),
    max: roundTo(z.max, 6),
  }));
  return {
    size: query.size,
    region: query.region,
    productDescription,
    currency: query.region.startsWith('cn-') ? 'CNY' : 'USD',
    window: { start: start.toISOString(), end: end.toISOString() },
    zones,
  };
}
