/**
 * Kubernetes manifests, Karpenter NodePools and Helm values: sizes sit in `nodeSelector` labels,
 * node-affinity and NodePool requirements (`node.kubernetes.io/instance-type` In/NotIn values) and in
 * chart-specific keys (`instanceTypes:`). Plain manifests carry no region; an availability-zone
 * selector implies one, and Helm charts may name it (`awsRegion`). Labels other than instance-type
 * and annotations are notes. Pod `replicas` count pods, not nodes, so there is no count here.
 */
import type { FindingRegion } from './finding';
import { regionOfZone } from './region-facts';
import { isRegionCode } from '../regions';
import { collectTreeSizes } from './tree-findings';
import type { FindingSink } from './tree-findings';
import { normalKey, stringEntry, walkScalars } from './tree';
import type { TreeMap, TreeNode, TreeStep } from './tree';

const zoneLabels = new Set(['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone', 'topology.ebs.csi.aws.com/zone']);
const regionKeys = new Set(['region', 'awsregion', 'clusterregion']);

export function apiVersionOf(root: TreeNode | undefined): string | undefined {
  return stringEntry(root, 'apiVersion');
}

export function isKubernetesDoc(root: TreeNode | undefined): boolean {
  return apiVersionOf(root) !== undefined && stringEntry(root, 'kind') !== undefined;
}

export function isKarpenterDoc(root: TreeNode | undefined): boolean {
  return /^karpenter\.(sh|k8s\.aws)\//.test(apiVersionOf(root) ?? '');
}

/** `NodePool/default`, `Deployment/web`. */
export function manifestName(root: TreeNode | undefined): string | undefined {
  const kind = stringEntry(root, 'kind');
  if (!kind) return undefined;
  const name = stringEntry(root && root.type === 'map' ? root.entries.find((e) => e.key === 'metadata')?.value : undefined, 'name');
  return name ? `${kind}/${name}` : kind;
}

/** The requirement map (`{key, operator, values}`) a scalar is a value of, if any. */
function requirementOf(steps: readonly TreeStep[]): TreeMap | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.entry && s.node.type === 'map') return s.entry.key === 'values' && stringEntry(s.node, 'key') !== undefined ? s.node : undefined;
  }
  return undefined;
}

/**
 * The region a document implies: every zone selector and every region key agrees on one region.
 * (Zones in several regions, or none: unknown.)
 */
export function documentRegion(root: TreeNode | undefined, sink: FindingSink, helm: boolean): FindingRegion | undefined {
  const found = new Map<string, string>();
  walkScalars(root, (scalar, steps) => {
    let key: string | undefined;
    for (let i = steps.length - 1; i >= 0; i--) {
      if (steps[i]!.entry) {
        key = steps[i]!.entry!.key;
        break;
      }
    }
    if (key === undefined) return;
    const value = scalar.value.trim();
    const requirement = requirementOf(steps);
    const label = requirement ? stringEntry(requirement, 'key') : key;
    if (label && zoneLabels.has(label)) {
      const region = regionOfZone(value);
      if (region && !found.has(region)) found.set(region, `${label} ${value} (line ${sink.line(scalar.start)})`);
    } else if (helm && regionKeys.has(normalKey(key)) && isRegionCode(value)) {
      if (!found.has(value)) found.set(value, `${key}: ${value} (line ${sink.line(scalar.start)})`);
    }
  });
  if (found.size !== 1) return undefined;
  const [[code, reason]] = [...found];
  return { code: code!, reason: reason! };
}

export interface ManifestOptions {
  /** For YAML embedded in another file (a Terraform heredoc): the owning resource and its region. */
  resource?: string;
  region?: FindingRegion;
  /** Helm values and other plain YAML: also read chart keys like `awsRegion`. */
  helm?: boolean;
}

/** Sizes in one Kubernetes / Karpenter / Helm document. */
export function collectKubernetes(text: string, root: TreeNode | undefined, sink: FindingSink, options: ManifestOptions = {}): void {
  const resource = manifestName(root) ?? options.resource;
  const region = documentRegion(root, sink, options.helm ?? false) ?? options.region;
  collectTreeSizes(text, root, sink, (_scalar, steps) => {
    const requirement = requirementOf(steps);
    const operator = requirement ? stringEntry(requirement, 'operator') : undefined;
    // NotIn lists the sizes a pool must never launch: named, not deployed.
    const option = operator === 'NotIn' || operator === 'DoesNotExist';
    return { resource, region, option };
  });
}
