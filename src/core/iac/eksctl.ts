/**
 * eksctl `ClusterConfig`: node groups name their sizes (`instanceType`, `instanceTypes`,
 * `instancesDistribution.instanceTypes`), `desiredCapacity` counts them, and `metadata.region`
 * places the whole cluster. `instanceSelector` (vCPUs, memory) names no size.
 */
import { isRegionCode } from '../regions';
import type { FindingRegion } from './finding';
import { apiVersionOf } from './kubernetes';
import { collectTreeSizes, countFor } from './tree-findings';
import type { FindingSink } from './tree-findings';
import { entryValue, stringEntry } from './tree';
import type { TreeNode, TreeStep } from './tree';

export function isEksctlDoc(root: TreeNode | undefined): boolean {
  return /^eksctl\.io\//.test(apiVersionOf(root) ?? '');
}

/** The node group a value belongs to: `nodeGroups[i]` or `managedNodeGroups[i]`, with its index in the steps. */
function nodeGroupOf(steps: readonly TreeStep[]): { label: string; at: number } | undefined {
  for (let i = 0; i + 1 < steps.length; i++) {
    const key = steps[i]!.entry?.key;
    if ((key === 'nodeGroups' || key === 'managedNodeGroups') && steps[i + 1]!.node.type === 'list') {
      const item = steps[i + 2]?.node;
      const name = stringEntry(item, 'name');
      return { label: `${key === 'nodeGroups' ? 'nodeGroup' : 'managedNodeGroup'} ${name ?? '?'}`, at: i + 2 };
    }
  }
  return undefined;
}

export function collectEksctl(text: string, root: TreeNode | undefined, sink: FindingSink): void {
  const metadata = entryValue(root, 'metadata');
  const regionNode = entryValue(metadata, 'region');
  let region: FindingRegion | undefined;
  if (regionNode?.type === 'scalar' && isRegionCode(regionNode.value.trim())) {
    region = { code: regionNode.value.trim(), reason: `eksctl metadata.region (line ${sink.line(regionNode.start)})` };
  }
  const cluster = stringEntry(metadata, 'name');
  collectTreeSizes(text, root, sink, (_scalar, steps) => {
    const group = nodeGroupOf(steps);
    if (!group) return { resource: cluster ? `ClusterConfig/${cluster}` : 'ClusterConfig', region };
    return { resource: group.label, region, count: countFor(steps, group.at) };
  });
}
