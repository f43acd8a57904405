/**
 * Pulumi: YAML/JSON programs (`resources: web: {type: aws:ec2:Instance, properties: {instanceType:
 * ...}}`, `config` defaults, `variables`), stack files (`Pulumi.dev.yaml`: `aws:region`, and values
 * such as `proj:instanceType: t3.micro`), and the SDK enums used in code (`aws.ec2.InstanceType.T3_Micro`
 * in TypeScript, `T3_MICRO` / `M5_2_X_LARGE` in Python). The region is the stack's `aws:region`,
 * or an explicit provider resource the program points a resource at.
 */
import { isRegionCode } from '../regions';
import type { FindingRegion } from './finding';
import { baseName } from './region-facts';
import type { StackRegionFact } from './region-facts';
import { contextKindOfType, isSizeToken } from './size-grammar';
import { collectTreeSizes } from './tree-findings';
import type { FindingSink } from './tree-findings';
import { entryValue, findEntry, stringEntry } from './tree';
import type { TreeNode } from './tree';

export function isPulumiStackFile(fileName: string): boolean {
  return /^Pulumi\.[^.]+\.ya?ml$/i.test(baseName(fileName));
}

export function isPulumiProjectFile(fileName: string): boolean {
  return /^Pulumi\.ya?ml$/i.test(baseName(fileName));
}

/** A Pulumi YAML/JSON program: Pulumi.yaml with resources, Main.yaml/Main.json, or resources typed `aws:...`. */
export function isPulumiProgram(root: TreeNode | undefined, fileName: string): boolean {
  if (root?.type !== 'map') return false;
  const resources = entryValue(root, 'resources');
  if (isPulumiProjectFile(fileName) || /^Main\.(ya?ml|json)$/.test(baseName(fileName))) return true;
  return resources?.type === 'map' && resources.entries.some((e) => /^(aws|pulumi):/.test(stringEntry(e.value, 'type') ?? ''));
}

/** `aws:region` of a stack file, or the project default in Pulumi.yaml (`config: aws:region: {default: x}`). */
export function pulumiStackFacts(fileName: string, root: TreeNode | undefined, sink: FindingSink): StackRegionFact[] {
  const config = entryValue(root, 'config');
  let node = entryValue(config, 'aws:region');
  if (node?.type === 'map') node = entryValue(node, 'value') ?? entryValue(node, 'default');
  const code = node?.type === 'scalar' ? node.value.trim() : undefined;
  if (!code || !isRegionCode(code)) return [];
  const file = baseName(fileName);
  const stack = /^Pulumi\.([^.]+)\.ya?ml$/i.exec(file)?.[1];
  const what = stack ? `Pulumi stack ${stack} aws:region` : 'Pulumi project config aws:region';
  return [{ file, line: sink.line(node!.start), code, what, source: 'pulumi' }];
}

/** Sizes in a stack file's config values, priced in the stack's own region. */
export function collectPulumiStack(text: string, root: TreeNode | undefined, sink: FindingSink, fileName: string): void {
  const [own] = pulumiStackFacts(fileName, root, sink);
  const region: FindingRegion | undefined = own ? { code: own.code, reason: `${own.what} (${own.file}:${own.line})` } : undefined;
  const config = entryValue(root, 'config');
  if (config?.type !== 'map') return;
  for (const e of config.entries) {
    collectTreeSizes(text, e.value, sink, () => ({ resource: `config ${e.key}`, region }), [{ node: config, entry: e }]);
  }
}

export function collectPulumiProgram(
  text: string,
  root: TreeNode | undefined,
  sink: FindingSink,
  stackRegion: FindingRegion | undefined,
  fileName: string,
): void {
  if (root?.type !== 'map') return;
  const resources = entryValue(root, 'resources');
  // Explicit providers: `west: {type: pulumi:providers:aws, properties: {region: us-west-2}}`. A
  // resource pointed at one with no literal region gets none: the stack's would be a guess.
  const providers = new Map<string, FindingRegion>();
  if (resources?.type === 'map') {
    for (const r of resources.entries) {
      if (stringEntry(r.value, 'type') !== 'pulumi:providers:aws') continue;
      const node = entryValue(entryValue(r.value, 'properties'), 'region');
      const code = node?.type === 'scalar' ? node.value.trim() : undefined;
      if (code && isRegionCode(code))
        providers.set(r.key, { code, reason: `Pulumi provider ${r.key} region (${baseName(fileName)}:${sink.line(node!.start)})` });
    }
    for (const r of resources.entries) {
      const type = stringEntry(r.value, 'type');
      const providerRef = stringEntry(entryValue(r.value, 'options'), 'provider')?.trim();
      const named = providerRef ? /^\$\{([^}.]+)\}$/.exec(providerRef)?.[1] : undefined;
      const region = named ? providers.get(named) : stackRegion;
      const contextKind = contextKindOfType(type);
      collectTreeSizes(text, entryValue(r.value, 'properties'), sink, () => ({ resource: r.key, region, contextKind }), [{ node: resources, entry: r }]);
    }
  }
  const config = entryValue(root, 'config');
  if (config?.type === 'map') {
    for (const c of config.entries) {
      // `config: size: {type: string, default: t3.small}`; `aws:region` is a region, not a size.
      collectTreeSizes(text, c.value, sink, () => ({ resource: `config.${c.key}`, region: stackRegion }), [{ node: config, entry: c }]);
    }
  }
  for (const section of ['variables', 'outputs']) {
    const entry = findEntry(root, section);
    if (entry)
      collectTreeSizes(text, entry.value, sink, () => ({ resource: section, region: stackRegion, option: section === 'outputs' }), [{ node: root, entry }]);
  }
}

/**
 * An SDK enum member's size: TS `T3_Micro`, `M5_2XLarge`, `U_12tb1Metal`; Python `T3_MICRO`,
 * `M5_2_X_LARGE`, `U_12TB1_METAL`; CDK alpha `R5_LARGE`, `M5_2XLARGE`. `classFamily` resolves a
 * family part that is not spelled as a family (CDK's `MEMORY6_INTEL_NVME_DRIVE`).
 */
export function enumMemberSize(member: string, classFamily?: (raw: string) => string | undefined): string | undefined {
  const upper = member.toUpperCase();
  const patterns: [RegExp, (m: RegExpExecArray) => string][] = [
    [/_(\d{1,3})_?X_?LARGE$/, (m) => `${m[1]}xlarge`],
    [/_X_?LARGE$/, () => 'xlarge'],
    [/_(NANO|MICRO|SMALL|MEDIUM|LARGE)$/, (m) => m[1]!.toLowerCase()],
    [/_?METAL$/, () => 'metal'],
  ];
  for (const [pattern, size] of patterns) {
    const m = pattern.exec(upper);
    if (!m) continue;
    const raw = upper.slice(0, m.index);
    if (!raw) return undefined;
    let family = classFamily?.(raw) ?? raw.toLowerCase().replace(/_/g, '-');
    // The pulumi-aws TS enum spells m5ad.xlarge as `M5as_XLarge` (generated that way; the value is what deploys).
    if (family === 'm5as') family = 'm5ad';
    const token = `${family}.${size(m)}`;
    return isSizeToken(token) ? token : undefined;
  }
  return undefined;
}
