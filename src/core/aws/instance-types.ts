/** Instance specs from EC2 DescribeInstanceTypes, in the project's InstanceSpecs shape. */
import { DescribeInstanceTypesCommand } from '@aws-sdk/client-ec2';
import type { _InstanceType, InstanceTypeInfo } from '@aws-sdk/client-ec2';
import type { InstanceSpecs } from '../prices/price-types';
import { allPages } from './aws-paging';
import type { AwsSession } from './aws-session';

function gib(mib: number): number {
  return Math.round((mib / 1024) * 1000) / 1000;
}

export function specsFromInstanceType(info: InstanceTypeInfo): InstanceSpecs {
  const specs: InstanceSpecs = {};
  if (info.VCpuInfo?.DefaultVCpus !== undefined) specs.vcpu = info.VCpuInfo.DefaultVCpus;
  if (info.MemoryInfo?.SizeInMiB !== undefined) specs.memoryGiB = gib(info.MemoryInfo.SizeInMiB);
  const archs = info.ProcessorInfo?.SupportedArchitectures ?? [];
  // The index says arm64 / x86_64 for the processor; i386 is a legacy extra of x86_64 sizes.
  const arch = archs.find((a) => a === 'arm64' || a === 'x86_64') ?? archs[0];
  if (arch) specs.architecture = arch;
  if (info.ProcessorInfo?.Manufacturer) specs.processor = info.ProcessorInfo.Manufacturer;
  if (info.ProcessorInfo?.SustainedClockSpeedInGhz !== undefined) specs.clockSpeed = `${info.ProcessorInfo.SustainedClockSpeedInGhz} GHz`;
  if (info.NetworkInfo?.NetworkPerformance) specs.network = info.NetworkInfo.NetworkPerformance;
  const storage = info.InstanceStorageInfo;
  specs.storage = storage?.TotalSizeInGB !== undefined ? `${storage.TotalSizeInGB} GB instance storage` : 'EBS only';
  const gpus = info.GpuInfo?.Gpus ?? [];
  if (gpus.length > 0) specs.gpu = gpus.reduce((sum, g) => sum + (g.Count ?? 0), 0);
  if (info.GpuInfo?.TotalGpuMemoryInMiB !== undefined) specs.gpuMemory = `${gib(info.GpuInfo.TotalGpuMemoryInMiB)} GiB`;
  if (info.CurrentGeneration !== undefined) specs.currentGeneration = info.CurrentGeneration;
  return specs;
}

/** Specs of the given sizes (all sizes the region offers when none are given), keyed by size. */
export async function describeInstanceTypes(
  session: AwsSession,
  options: { region?: string; sizes?: readonly string[] } = {},
): Promise<Map<string, InstanceSpecs>> {
  const region = options.region ?? session.region;
  const client = session.ec2(region);
  const sizes = options.sizes ?? [];
  const infos = await allPages(async (token) => {
    const out = await session.call('ec2:DescribeInstanceTypes', region, () =>
      client.send(
        new DescribeInstanceTypesCommand({
          ...(sizes.length > 0 ? { InstanceTypes: sizes.map((s) => s as _InstanceType) } : {}),
          MaxResults: 100,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    return { items: out.InstanceTypes ?? [], next: out.NextToken };
  }, 'EC2 DescribeInstanceTypes');
  const specs = new Map<string, InstanceSpecs>();
  for (const info of infos) if (info.InstanceType) specs.set(info.InstanceType, specsFromInstanceType(info));
  return specs;
}
