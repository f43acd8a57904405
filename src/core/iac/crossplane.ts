/**
 * Crossplane managed resources (Upbound / community AWS providers) put the size and the region side
 * by side under `spec.forProvider`; Compositions hold the same shape under `resources[].base`, and
 * patch maps (`transforms: - type: map`) list sizes per claim value: alternatives. The API group
 * says which service (docdb, neptune and memorydb sizes are priced in their own lists).
 */
import { isRegionCode } from '../regions';
import type { FindingRegion } from './finding';
import { apiVersionOf, manifestName } from './kubernetes';
import { contextKindOfType } from './size-grammar';
import { collectTreeSizes, countFor } from './tree-findings';
import type { FindingSink } from './tree-findings';
import { entryValue, stringEntry } from './tree';
import type { TreeNode, TreeStep } from './tree';

export function isCrossplaneDoc(root: TreeNode | undefined): boolean {
  return /\.(upbound\.io|crossplane\.io)\//.test(apiVersionOf(root) ?? '');
}

/**
 * The managed resource a value belongs to: the innermost map with apiVersion and kind, or in a
 * Composition the `base` of the `resources[]` entry holding the value (its patches included).
 */
function managedResourceOf(root: TreeNode, steps: readonly TreeStep[]): { node: TreeNode; at: number; name?: string } {
  for (let i = steps.length - 1; i >= 0; i--) {
    const node = steps[i]!.node;
    if (node.type !== 'map') continue;
    if (stringEntry(node, 'apiVersion') && stringEntry(node, 'kind')) {
      const holder = i > 0 && steps[i - 1]!.entry?.key === 'base' ? steps[i - 1]!.node : undefined;
      return { node, at: i, name: stringEntry(holder, 'name') };
    }
    const base = entryValue(node, 'base');
    if (base && stringEntry(base, 'apiVersion') && stringEntry(base, 'kind')) return { node: base, at: i, name: stringEntry(node, 'name') };
  }
  return { node: root, at: 0 };
}

export function collectCrossplane(text: string, root: TreeNode | undefined, sink: FindingSink): void {
  if (!root) return;
  collectTreeSizes(text, root, sink, (_scalar, steps) => {
    const managed = managedResourceOf(root, steps);
    const resource = managed.name ? `${stringEntry(managed.node, 'kind') ?? 'resource'}/${managed.name}` : manifestName(managed.node);
    const node = entryValue(entryValue(entryValue(managed.node, 'spec'), 'forProvider'), 'region');
    const v = node?.type === 'scalar' ? node.value.trim() : undefined;
    const region: FindingRegion | undefined = v && isRegionCode(v) ? { code: v, reason: `forProvider.region (line ${sink.line(node!.start)})` } : undefined;
    // Patch maps (`transforms: - type: map`) list one size per claim value: alternatives.
    const group = steps.find((s) => s.entry?.key === 'map')?.entry?.keyStart;
    return { resource, region, contextKind: contextKindOfType(apiVersionOf(managed.node)), count: countFor(steps, managed.at), group };
  });
}
