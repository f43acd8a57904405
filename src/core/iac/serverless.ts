/**
 * Serverless Framework (`serverless.yml`): `resources.Resources` is raw CloudFormation (read by the
 * CloudFormation rules), `custom` holds values such as sizes; `provider.region` gives the region,
 * literally or as the fallback of `${opt:region, 'eu-west-1'}`. Runtimes (`go1.x`, `nodejs20.x`)
 * are not sizes and the grammar already refuses them.
 */
import { isRegionCode } from '../regions';
import type { FindingRegion } from './finding';
import { baseName } from './region-facts';
import { collectCloudFormation } from './cloudformation';
import { collectTreeSizes } from './tree-findings';
import type { FindingSink } from './tree-findings';
import { entryValue, findEntry } from './tree';
import type { TreeNode } from './tree';

export function isServerlessDoc(root: TreeNode | undefined, fileName: string): boolean {
  if (/^serverless\.ya?ml$/i.test(baseName(fileName))) return true;
  return root?.type === 'map' && findEntry(root, 'service') !== undefined && entryValue(root, 'provider')?.type === 'map';
}

/** `us-east-1`, or the default in `${opt:region, 'eu-west-1'}` / `${env:AWS_REGION, "eu-west-1"}`. */
export function serverlessRegionValue(value: string): string | undefined {
  const v = value.trim();
  if (isRegionCode(v)) return v;
  const m = /,\s*['"]?([a-z0-9-]+)['"]?\s*\}\s*$/.exec(v);
  return m && isRegionCode(m[1]!) ? m[1] : undefined;
}

export function collectServerless(text: string, root: TreeNode | undefined, sink: FindingSink, fallback?: FindingRegion): void {
  if (root?.type !== 'map') return;
  let region = fallback;
  const regionNode = entryValue(entryValue(root, 'provider'), 'region');
  if (regionNode?.type === 'scalar') {
    const code = serverlessRegionValue(regionNode.value);
    if (code) region = { code, reason: `provider.region ${regionNode.value.trim()} (line ${sink.line(regionNode.start)})` };
  }
  const resources = entryValue(root, 'resources');
  // `resources` is a template fragment, or a list of them (and of `${file(...)}` includes).
  if (resources?.type === 'list') for (const item of resources.items) collectCloudFormation(text, item, sink, { region });
  else collectCloudFormation(text, resources, sink, { region });
  for (const e of root.entries) {
    if (e.key === 'resources' || e.key === 'provider' || e.key === 'functions' || e.key === 'plugins') continue;
    collectTreeSizes(text, e.value, sink, () => ({ resource: e.key, region }), [{ node: root, entry: e }]);
  }
}
