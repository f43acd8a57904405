/** The regions an account can use, from EC2 DescribeRegions. */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { AwsSession } from './aws-session';

export interface Ec2Region {
  name: string;
  endpoint?: string;
  /** opt-in-not-required | opted-in | not-opted-in */
  optInStatus: string;
  enabled: boolean;
}

/**
 * Every region of the partition with whether this account has it enabled. AllRegions=true, so
 * regions that need an opt-in show up too (marked disabled) instead of silently missing.
 */
export async function describeRegions(session: AwsSession): Promise<Ec2Region[]> {
  const client = session.ec2();
  // DescribeRegions has no paging: one answer lists them all.
  const out = await session.call('ec2:DescribeRegions', session.region, () => client.send(new DescribeRegionsCommand({ AllRegions: true })));
  return (out.Regions ?? [])
    .flatMap((r): Ec2Region[] => {
      if (!r.RegionName) return [];
      const optInStatus = r.OptInStatus ?? 'opt-in-not-required';
      return [{ name: r.RegionName, ...(r.Endpoint ? { endpoint: r.Endpoint } : {}), optInStatus, enabled: optInStatus !== 'not-opted-in' }];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function enabledRegions(session: AwsSession): Promise<string[]> {
  return (await describeRegions(session)).filter((r) => r.enabled).map((r) => r.name);
}
