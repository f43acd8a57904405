/**
 * Packer templates: HCL (`source "amazon-ebs" "x" { instance_type = ..., region = var.region }`,
 * variable defaults, `build { source ... }` overrides) and legacy JSON (`builders`, `variables`,
 * `{{user `region`}}`). Only `amazon-*` builders are AWS; `ami_regions` are copy targets, not where
 * the build instance runs; tags and AMI names are not sizes.
 */
import { isRegionCode } from '../regions';
import type { FindingRegion, IacFinding } from './finding';
import { parseHcl } from './hcl-tree';
import { baseName, mergeFacts, resolveRegion } from './region-facts';
import type { RecogniseContext } from './region-facts';
import { hclFacts, regionExprOf } from './terraform';
import { collectTreeSizes, FindingSink } from './tree-findings';
import { entryValue, findEntry, stringEntry } from './tree';
import type { TreeNode } from './tree';

export function isPackerFile(fileName: string): boolean {
  return /\.pkr(vars)?\.hcl$/i.test(fileName);
}

export function recognisePackerHcl(text: string, fileName: string, context?: RecogniseContext): IacFinding[] {
  const root = parseHcl(text);
  const sink = new FindingSink(text);
  const own = hclFacts(fileName, text, root, sink, /\.pkrvars\.hcl$/i.test(fileName) ? 'tfvars' : 'terraform');
  const facts = mergeFacts(own, context);
  const file = baseName(fileName);
  const regionOf = (block: TreeNode | undefined, label: string): FindingRegion | undefined => {
    const entry = findEntry(block, 'region');
    return entry ? resolveRegion(regionExprOf(text, entry.value), facts, label, { file, line: sink.line(entry.keyStart) }) : undefined;
  };
  // One source, one region: variables and locals are priced where the only source runs.
  const sources = root.entries.filter((e) => e.block && e.key === 'source' && /^amazon-/.test(e.value?.type === 'map' ? (e.value.labels?.[0] ?? '') : ''));
  const soleRegion =
    sources.length === 1 && sources[0]!.value?.type === 'map' ? regionOf(sources[0]!.value, `source.${sources[0]!.value.labels!.join('.')}`) : undefined;
  const isVars = /\.pkrvars\.hcl$/i.test(fileName);

  for (const e of root.entries) {
    const value = e.value;
    if (!e.block && isVars) {
      collectTreeSizes(text, value, sink, () => ({ resource: `var.${e.key}`, region: soleRegion }), [{ node: root, entry: e }]);
      continue;
    }
    if (!e.block || value?.type !== 'map') continue;
    const [type, name] = value.labels ?? [];
    if (e.key === 'source' && type) {
      if (!/^amazon-/.test(type)) continue; // another cloud's builder
      const label = `source.${type}.${name ?? ''}`;
      const region = regionOf(value, label);
      collectTreeSizes(text, value, sink, () => ({ resource: label, region }), [{ node: root, entry: e }]);
    } else if (e.key === 'variable' && type) {
      const d = findEntry(value, 'default');
      if (d) collectTreeSizes(text, d.value, sink, () => ({ resource: `var.${type}`, region: soleRegion }), [{ node: value, entry: d }]);
    } else if (e.key === 'locals') {
      for (const l of value.entries)
        collectTreeSizes(text, l.value, sink, () => ({ resource: `local.${l.key}`, region: soleRegion }), [{ node: value, entry: l }]);
    } else if (e.key === 'build') {
      for (const b of value.entries) {
        if (!b.block || b.key !== 'source' || b.value?.type !== 'map') continue;
        const ref = b.value.labels?.[0] ?? '';
        const region = regionOf(b.value, `build source ${ref}`) ?? soleRegion;
        collectTreeSizes(text, b.value, sink, () => ({ resource: `build.source.${ref}`, region }), [{ node: value, entry: b }]);
      }
    }
  }
  return sink.finish();
}

export function isPackerJson(root: TreeNode | undefined): boolean {
  return entryValue(root, 'builders')?.type === 'list';
}

/** `{{user `region`}}` or a literal. */
function jsonRegion(value: string | undefined, variables: TreeNode | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (isRegionCode(v)) return v;
  const m = /^\{\{\s*user\s+`([^`]+)`\s*\}\}$/.exec(v);
  const resolved = m ? stringEntry(variables, m[1]!)?.trim() : undefined;
  return resolved && isRegionCode(resolved) ? resolved : undefined;
}

export function collectPackerJson(text: string, root: TreeNode | undefined, sink: FindingSink): void {
  const variables = entryValue(root, 'variables');
  const builders = entryValue(root, 'builders');
  const amazon = builders?.type === 'list' ? builders.items.filter((b) => /^amazon-/.test(stringEntry(b, 'type') ?? '')) : [];
  const regionOf = (builder: TreeNode): FindingRegion | undefined => {
    const raw = entryValue(builder, 'region');
    const code = jsonRegion(stringEntry(builder, 'region'), variables);
    return code && raw ? { code, reason: `builder region ${stringEntry(builder, 'region')!.trim()} (line ${sink.line(raw.start)})` } : undefined;
  };
  for (const builder of amazon) {
    const label = `builder ${stringEntry(builder, 'name') ?? stringEntry(builder, 'type')}`;
    const region = regionOf(builder);
    collectTreeSizes(text, builder, sink, () => ({ resource: label, region }));
  }
  const soleRegion = amazon.length === 1 ? regionOf(amazon[0]!) : undefined;
  if (variables?.type === 'map') {
    for (const v of variables.entries)
      collectTreeSizes(text, v.value, sink, () => ({ resource: `variables.${v.key}`, region: soleRegion }), [{ node: variables, entry: v }]);
  }
}
