/**
 * AWS CDK's symbolic instance types: `InstanceType.of(InstanceClass.X, InstanceSize.Y)` (TypeScript
 * and Python, `ec2.`-qualified or imported by name). `InstanceClass` has a purpose-named member and a
 * family-named member for each family (BURSTABLE3 and T3 both mean t3); the purpose names are a
 * table in aws-cdk-lib (`instanceClassMap` in aws-ec2/lib/instance-types.ts), reproduced here.
 * Family-named members map by spelling (`M7I_FLEX` -> m7i-flex, `U_6TB1` -> u-6tb1), so families
 * added to CDK after this table still resolve. Also the sizes an app's `cdk.json` context sets.
 */
import { isRegionCode } from '../regions';
import type { FindingRegion } from './finding';
import { baseName } from './region-facts';
import { isSizeToken } from './size-grammar';
import { collectTreeSizes } from './tree-findings';
import type { FindingSink } from './tree-findings';
import { entryValue } from './tree';
import type { TreeNode } from './tree';

/** Purpose-named `InstanceClass` members and the family each stands for. */
export const cdkInstanceClassAliases: Readonly<Record<string, string>> = {
  STANDARD3: 'm3',
  STANDARD4: 'm4',
  STANDARD5: 'm5',
  STANDARD5_NVME_DRIVE: 'm5d',
  STANDARD5_AMD: 'm5a',
  STANDARD5_AMD_NVME_DRIVE: 'm5ad',
  STANDARD5_HIGH_PERFORMANCE: 'm5n',
  STANDARD5_NVME_DRIVE_HIGH_PERFORMANCE: 'm5dn',
  STANDARD5_HIGH_COMPUTE: 'm5zn',
  STANDARD6_GRAVITON: 'm6g',
  STANDARD6_GRAVITON2_NVME_DRIVE: 'm6gd',
  STANDARD6_INTEL: 'm6i',
  STANDARD6_INTEL_NVME_DRIVE: 'm6id',
  STANDARD6_INTEL_HIGH_PERFORMANCE: 'm6in',
  STANDARD6_INTEL_NVME_DRIVE_HIGH_PERFORMANCE: 'm6idn',
  STANDARD6_AMD: 'm6a',
  STANDARD7_GRAVITON: 'm7g',
  STANDARD7_GRAVITON3_NVME_DRIVE: 'm7gd',
  STANDARD7_INTEL: 'm7i',
  STANDARD7_INTEL_FLEX: 'm7i-flex',
  STANDARD7_AMD: 'm7a',
  STANDARD8_GRAVITON: 'm8g',
  STANDARD8_GRAVITON4: 'm8g',
  STANDARD8_GRAVITON4_NVME_DRIVE: 'm8gd',
  MEMORY3: 'r3',
  MEMORY4: 'r4',
  MEMORY5: 'r5',
  MEMORY5_HIGH_PERFORMANCE: 'r5n',
  MEMORY5_NVME_DRIVE: 'r5d',
  MEMORY5_NVME_DRIVE_HIGH_PERFORMANCE: 'r5dn',
  MEMORY5_AMD: 'r5a',
  MEMORY5_AMD_NVME_DRIVE: 'r5ad',
  MEMORY5_EBS_OPTIMIZED: 'r5b',
  MEMORY6_AMD: 'r6a',
  MEMORY6_INTEL: 'r6i',
  MEMORY6_INTEL_NVME_DRIVE: 'r6id',
  MEMORY6_INTEL_HIGH_PERFORMANCE: 'r6in',
  MEMORY6_INTEL_NVME_DRIVE_HIGH_PERFORMANCE: 'r6idn',
  MEMORY6_GRAVITON: 'r6g',
  MEMORY6_GRAVITON2_NVME_DRIVE: 'r6gd',
  MEMORY7_GRAVITON: 'r7g',
  MEMORY7_GRAVITON3_NVME_DRIVE: 'r7gd',
  MEMORY7_INTEL_BASE: 'r7i',
  // Not r7i: MEMORY7_INTEL is the 3.9 GHz r7iz (CDK's naming, kept as CDK maps it).
  MEMORY7_INTEL: 'r7iz',
  MEMORY7_AMD: 'r7a',
  MEMORY8_GRAVITON: 'r8g',
  MEMORY8_GRAVITON4: 'r8g',
  HIGH_MEMORY_3TB_1: 'u-3tb1',
  HIGH_MEMORY_6TB_1: 'u-6tb1',
  HIGH_MEMORY_9TB_1: 'u-9tb1',
  HIGH_MEMORY_12TB_1: 'u-12tb1',
  HIGH_MEMORY_18TB_1: 'u-18tb1',
  HIGH_MEMORY_24TB_1: 'u-24tb1',
  COMPUTE3: 'c3',
  COMPUTE4: 'c4',
  COMPUTE5: 'c5',
  COMPUTE5_NVME_DRIVE: 'c5d',
  COMPUTE5_AMD: 'c5a',
  COMPUTE5_AMD_NVME_DRIVE: 'c5ad',
  COMPUTE5_HIGH_PERFORMANCE: 'c5n',
  COMPUTE6_INTEL: 'c6i',
  COMPUTE6_INTEL_NVME_DRIVE: 'c6id',
  COMPUTE6_INTEL_HIGH_PERFORMANCE: 'c6in',
  COMPUTE6_AMD: 'c6a',
  COMPUTE6_GRAVITON2: 'c6g',
  COMPUTE6_GRAVITON2_NVME_DRIVE: 'c6gd',
  COMPUTE6_GRAVITON2_HIGH_NETWORK_BANDWIDTH: 'c6gn',
  COMPUTE7_GRAVITON3: 'c7g',
  COMPUTE7_GRAVITON3_NVME_DRIVE: 'c7gd',
  COMPUTE7_GRAVITON3_HIGH_NETWORK_BANDWIDTH: 'c7gn',
  COMPUTE7_INTEL: 'c7i',
  COMPUTE7_INTEL_FLEX: 'c7i-flex',
  COMPUTE7_AMD: 'c7a',
  COMPUTE8_GRAVITON4: 'c8g',
  STORAGE2: 'd2',
  STORAGE3: 'd3',
  STORAGE3_ENHANCED_NETWORK: 'd3en',
  STORAGE_COMPUTE_1: 'h1',
  IO3: 'i3',
  IO3_DENSE_NVME_DRIVE: 'i3en',
  IO4_INTEL: 'i4i',
  STORAGE4_GRAVITON: 'i4g',
  STORAGE4_GRAVITON_NETWORK_OPTIMIZED: 'im4gn',
  STORAGE4_GRAVITON_NETWORK_STORAGE_OPTIMIZED: 'is4gen',
  BURSTABLE2: 't2',
  BURSTABLE3: 't3',
  BURSTABLE3_AMD: 't3a',
  BURSTABLE4_GRAVITON: 't4g',
  MEMORY_INTENSIVE_1: 'x1',
  MEMORY_INTENSIVE_1_EXTENDED: 'x1e',
  MEMORY_INTENSIVE_2_GRAVITON2: 'x2g',
  MEMORY_INTENSIVE_2_GRAVITON2_NVME_DRIVE: 'x2gd',
  MEMORY_INTENSIVE_2_XT_INTEL: 'x2iedn',
  MEMORY_INTENSIVE_2_INTEL: 'x2idn',
  MEMORY_INTENSIVE_2_XTZ_INTEL: 'x2iezn',
  FPGA1: 'f1',
  GRAPHICS3_SMALL: 'g3s',
  GRAPHICS3: 'g3',
  GRAPHICS4_NVME_DRIVE_HIGH_PERFORMANCE: 'g4dn',
  GRAPHICS4_AMD_NVME_DRIVE: 'g4ad',
  GRAPHICS5: 'g5',
  GRAPHICS5_GRAVITON2: 'g5g',
  GRAPHICS6: 'g6',
  PARALLEL2: 'p2',
  PARALLEL3: 'p3',
  PARALLEL3_NVME_DRIVE_HIGH_PERFORMANCE: 'p3dn',
  PARALLEL4_NVME_DRIVE_EXTENDED: 'p4de',
  PARALLEL4: 'p4d',
  PARALLEL5: 'p5',
  ARM1: 'a1',
  HIGH_COMPUTE_MEMORY1: 'z1d',
  INFERENCE1: 'inf1',
  INFERENCE2: 'inf2',
  MACINTOSH1_INTEL: 'mac1',
  MACINTOSH2_M1: 'mac2',
  MACINTOSH2_M2: 'mac2-m2',
  MACINTOSH2_M2_PRO: 'mac2-m2pro',
  VIDEO_TRANSCODING1: 'vt1',
  HIGH_PERFORMANCE_COMPUTING6_AMD: 'hpc6a',
  HIGH_PERFORMANCE_COMPUTING6_INTEL_NVME_DRIVE: 'hpc6id',
  HIGH_PERFORMANCE_COMPUTING7_AMD: 'hpc7a',
  HIGH_PERFORMANCE_COMPUTING7_GRAVITON: 'hpc7g',
  DEEP_LEARNING1: 'dl1',
};

/** The family an `InstanceClass` member stands for: the alias table, else its spelling. */
export function cdkClassFamily(member: string): string | undefined {
  const alias = cdkInstanceClassAliases[member];
  if (alias) return alias;
  if (!/^[A-Z][A-Z0-9_]*\d[A-Z0-9_]*$/.test(member)) return undefined;
  const family = member.toLowerCase().replace(/_/g, '-');
  return isSizeToken(`${family}.large`) ? family : undefined;
}

/** `InstanceSize` members: MICRO -> micro, XLARGE4 -> 4xlarge, XLARGE48METAL -> metal-48xl. */
export function cdkSize(member: string): string | undefined {
  if (/^(NANO|MICRO|SMALL|MEDIUM|LARGE|XLARGE|METAL)$/.test(member)) return member.toLowerCase();
  let m = /^XLARGE(\d{1,3})$/.exec(member);
  if (m) return `${m[1]}xlarge`;
  m = /^XLARGE(\d{1,3})METAL$/.exec(member);
  if (m) return `metal-${m[1]}xl`;
  return undefined;
}

// --- cdk.json context ---------------------------------------------------------------------------

/** `cdk.json` (its `context`) and `cdk.context.json` (all of it) hold values the app reads with `tryGetContext`. */
export function isCdkContextFile(fileName: string): boolean {
  return /^cdk(?:\.context)?\.json$/i.test(baseName(fileName));
}

const contextRegionKeys = new Set(['region', 'awsregion', 'defaultregion']);

/** A literal region under a region key of `map` (`"region": "us-west-2"`, `"aws:region"`). */
function contextRegion(map: TreeNode | undefined, sink: FindingSink, file: string): FindingRegion | undefined {
  if (map?.type !== 'map') return undefined;
  for (const e of map.entries) {
    if (!contextRegionKeys.has(e.key.replace(/[:_-]/g, '').toLowerCase())) continue;
    const v = e.value;
    if (v?.type === 'scalar' && v.literal && isRegionCode(v.value))
      return { code: v.value, reason: `${file} context ${e.key}: ${v.value} (${file}:${sink.line(v.start)})` };
  }
  return undefined;
}

/**
 * Sizes in CDK context (`"context": {"instanceType": "m5.large"}`), the values the app deploys with.
 * The region is a context region key when it is a literal, in the size's own environment object
 * (`"prod": {"region": ..., "instanceType": ...}`) first; otherwise none: the app decides.
 */
export function collectCdkContext(text: string, root: TreeNode | undefined, sink: FindingSink, fileName: string): void {
  const file = baseName(fileName);
  const context = /^cdk\.json$/i.test(file) ? entryValue(root, 'context') : root;
  if (context?.type !== 'map') return;
  const top = contextRegion(context, sink, file);
  for (const e of context.entries) {
    // Cached lookups (`vpc-provider:account=...:region=...`) are what AWS answered, not configuration.
    if (e.key.includes(':account=')) continue;
    const region = contextRegion(e.value, sink, file) ?? top;
    collectTreeSizes(text, e.value, sink, () => ({ resource: `context ${e.key}`, region }), [{ node: context, entry: e }]);
  }
}
