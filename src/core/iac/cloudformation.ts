/**
 * CloudFormation and SAM templates, YAML (with `!Ref`-style tags) or JSON. Sizes are resource
 * properties (`InstanceType`, `DBInstanceClass`, `CacheNodeType`, `NodeType`, ... in `!If` branches
 * too), parameter defaults, and mapping tables; `AllowedValues`, conditions, rules and outputs name
 * sizes without deploying them; descriptions, tags, metadata and user data are prose. Templates are
 * region-agnostic: only a samconfig next to the template (passed in as the stack region) says where.
 */
import type { FindingRegion } from './finding';
import { contextKindOfType } from './size-grammar';
import { addSizes, collectTreeSizes, countFor, scalarSizes } from './tree-findings';
import type { FindingSink } from './tree-findings';
import { entryValue, findEntry, stringEntry } from './tree';
import type { TreeMap, TreeNode } from './tree';

const templateSections = new Set([
  'AWSTemplateFormatVersion',
  'Resources',
  'Parameters',
  'Mappings',
  'Conditions',
  'Outputs',
  'Transform',
  'Globals',
  'Rules',
  'Metadata',
  'Description',
]);

function looksLikeResources(node: TreeNode | undefined): boolean {
  if (node?.type !== 'map') return false;
  return node.entries.some((e) => /^(AWS|Custom|Alexa)::/.test(stringEntry(e.value, 'Type') ?? ''));
}

export function isCloudFormationDoc(root: TreeNode | undefined): boolean {
  if (root?.type !== 'map') return false;
  if (findEntry(root, 'AWSTemplateFormatVersion')) return true;
  if (/AWS::Serverless/.test(stringEntry(root, 'Transform') ?? '')) return true;
  if (looksLikeResources(entryValue(root, 'Resources'))) return true;
  // A fragment holding resources directly (Serverless `resources: ${file(...)}` files).
  return root.entries.length > 0 && root.entries.every((e) => !templateSections.has(e.key)) && looksLikeResources(root);
}

export interface TemplateOptions {
  region?: FindingRegion;
}

function collectResources(text: string, resources: TreeMap, sink: FindingSink, options: TemplateOptions): void {
  for (const r of resources.entries) {
    const type = stringEntry(r.value, 'Type');
    const properties = entryValue(r.value, 'Properties');
    if (!properties) continue;
    const contextKind = contextKindOfType(type);
    collectTreeSizes(text, properties, sink, (_scalar, steps) => {
      const count = countFor(steps, 0);
      return { resource: r.key, region: options.region, contextKind, count };
    });
  }
}

/** Sizes in one template (or one Serverless `resources` fragment). */
export function collectCloudFormation(text: string, root: TreeNode | undefined, sink: FindingSink, options: TemplateOptions = {}): void {
  if (root?.type !== 'map') return;
  const resources = entryValue(root, 'Resources');
  if (!resources && looksLikeResources(root)) {
    collectResources(text, root, sink, options);
    return;
  }
  if (resources?.type === 'map') collectResources(text, resources, sink, options);

  const parameters = entryValue(root, 'Parameters');
  if (parameters?.type === 'map') {
    for (const p of parameters.entries) {
      if (p.value?.type !== 'map') continue;
      for (const e of p.value.entries) {
        // The default deploys; allowed values are the menu.
        if (e.key === 'Default')
          collectTreeSizes(text, e.value, sink, () => ({ resource: `Parameters.${p.key}`, region: options.region }), [{ node: p.value, entry: e }]);
        else if (e.key === 'AllowedValues')
          collectTreeSizes(text, e.value, sink, () => ({ resource: `Parameters.${p.key}`, region: options.region, option: true }), [
            { node: p.value, entry: e },
          ]);
      }
    }
  }

  const mappings = entryValue(root, 'Mappings');
  if (mappings?.type === 'map') {
    for (const m of mappings.entries) {
      // One table: its sizes are alternatives picked by `!FindInMap`, never all at once.
      collectTreeSizes(text, m.value, sink, () => ({ resource: `Mappings.${m.key}`, region: options.region, group: m.keyStart }), [
        { node: mappings, entry: m },
      ]);
      collectMappingKeys(text, m.value, sink, `Mappings.${m.key}`, options.region);
    }
  }

  for (const section of ['Conditions', 'Rules', 'Outputs']) {
    const node = entryValue(root, section);
    collectTreeSizes(text, node, sink, () => ({ resource: section, region: options.region, option: true }), [{ node: root, entry: findEntry(root, section)! }]);
  }

  const globals = entryValue(root, 'Globals');
  collectTreeSizes(text, globals, sink, () => ({ resource: 'Globals', region: options.region }), [{ node: root, entry: findEntry(root, 'Globals')! }]);
}

/** `AWSInstanceType2Arch: t1.micro: {Arch: HVM64}`: sizes as table keys describe, not deploy. */
function collectMappingKeys(text: string, node: TreeNode | undefined, sink: FindingSink, resource: string, region: FindingRegion | undefined, depth = 0): void {
  if (node?.type !== 'map' || depth > 4) return;
  for (const e of node.entries) {
    if (e.keyNode) {
      const matches = scalarSizes(text, e.keyNode);
      if (matches.length > 0) addSizes(sink, matches, { resource, region, option: true }, e.keyStart);
    }
    collectMappingKeys(text, e.value, sink, resource, region, depth + 1);
  }
}
