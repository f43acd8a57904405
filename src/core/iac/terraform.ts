/**
 * Terraform / OpenTofu (`.tf`, `.tfvars`) and Terragrunt (`terragrunt.hcl`). Sizes are string
 * literals anywhere in a resource, module call, variable default, local or tfvars value, including
 * conditional branches and fallbacks (`try(..., "t3.micro")`); a variable's `validation` list is its
 * allowed sizes (options); descriptions, tags, validation messages and user-data heredocs are not. YAML heredocs (Helm values, Karpenter manifests in
 * `kubectl_manifest`) are read as YAML. The region comes from the resource's own `region` argument
 * (AWS provider v6), its `provider = aws.alias`, or the module's default `provider "aws"`, resolved
 * through locals, variable defaults and auto-loaded tfvars of the whole folder; never from the
 * state backend.
 */
import { isRegionCode } from '../regions';
import type { FindingRegion, IacFinding, IacKind } from './finding';
import { parseHcl } from './hcl-tree';
import { collectKubernetes } from './kubernetes';
import { baseName, emptyFacts, mergeFacts, resolveRegion } from './region-facts';
import type { FileFacts, MergedFacts, ProviderFact, RecogniseContext, RegionExpr } from './region-facts';
import { contextKindOfType } from './size-grammar';
import { addSizes, countFor, deniedByKeys, FindingSink, groupFor, innermostKey, scalarSizes } from './tree-findings';
import type { Decision } from './tree-findings';
import { entryValue, findEntry, normalKey, scalarValue, walkScalars } from './tree';
import type { TreeEntry, TreeMap, TreeNode, TreeStep } from './tree';
import { parseYaml } from './yaml-tree';

export type HclMode = 'terraform' | 'tfvars' | 'terragrunt';

/** The file name says which HCL dialect it is. */
export function hclModeOf(fileName: string): HclMode {
  const base = baseName(fileName).toLowerCase();
  if (base.endsWith('.tfvars')) return 'tfvars';
  if (base.endsWith('.tf') || base.endsWith('.tofu')) return 'terraform';
  return 'terragrunt';
}

/** Terraform loads terraform.tfvars and *.auto.tfvars by itself; others only with -var-file. */
export function isAutoLoadedVars(fileName: string): boolean {
  const base = baseName(fileName).toLowerCase();
  return base === 'terraform.tfvars' || base.endsWith('.auto.tfvars') || !base.endsWith('.tfvars');
}

// --- region expressions and facts -------------------------------------------------------------------

export function regionExprOf(text: string, node: TreeNode | undefined): RegionExpr {
  const expr: RegionExpr = { text: '(not set)', literals: [], refs: [] };
  if (!node) return expr;
  const raw = node.type === 'scalar' && node.quoted ? `"${node.value}"` : text.slice(node.start, node.end).trim();
  expr.text = raw.length > 60 ? raw.slice(0, 57) + '...' : raw;
  const visit = (n: TreeNode): void => {
    if (n.type === 'scalar') {
      if (n.literal) expr.literals.push(n.value.trim());
      else if (/^(var|local)\.[A-Za-z_][\w-]*$/.test(n.value)) expr.refs.push(n.value);
    }
  };
  if (node.type === 'scalar') visit(node);
  else walkScalars(node, (s) => visit(s));
  return expr;
}

/** The facts an HCL file gives its folder: providers, variable defaults, locals, assigned values. */
export function hclFacts(fileName: string, text: string, root: TreeMap, sink: FindingSink, mode: HclMode): FileFacts {
  const file = baseName(fileName);
  const facts = emptyFacts(file, isAutoLoadedVars(fileName));
  const lineOf = (offset: number): number => sink.line(offset);
  const providers = (body: TreeMap): void => {
    for (const e of body.entries) {
      if (!e.block || e.key !== 'provider' || e.value?.type !== 'map' || e.value.labels?.[0] !== 'aws') continue;
      const alias = scalarValue(entryValue(e.value, 'alias'));
      const region = findEntry(e.value, 'region');
      const fact: ProviderFact = { file, line: lineOf(region?.keyStart ?? e.keyStart), region: regionExprOf(text, region?.value) };
      if (alias) fact.alias = alias;
      facts.providers.push(fact);
    }
  };
  providers(root);
  for (const e of root.entries) {
    const value = e.value;
    if (e.block && value?.type === 'map') {
      if (e.key === 'variable' && value.labels?.[0]) {
        const d = entryValue(value, 'default');
        if (d?.type === 'scalar' && d.literal) facts.variables.set(value.labels[0], { file, line: lineOf(d.start), value: d.value });
      } else if (e.key === 'locals') {
        // A region is a string or an expression, never a map or a list: skip those (they are most locals).
        for (const l of value.entries) {
          if (!l.block && l.value && (l.value.type === 'scalar' || l.value.type === 'expr'))
            facts.locals.set(l.key, { file, line: lineOf(l.keyStart), expr: regionExprOf(text, l.value) });
        }
      } else if (e.key === 'generate' && mode === 'terragrunt') {
        // Terragrunt writes the provider block from a heredoc: read it as HCL.
        const contents = entryValue(value, 'contents');
        if (contents?.type === 'scalar' && contents.text) providers(parseHcl(text, contents.start, contents.end));
      }
    } else if (!e.block && mode === 'tfvars' && value?.type === 'scalar' && value.literal) {
      facts.assignments.set(e.key, { file, line: lineOf(value.start), value: value.value });
    } else if (!e.block && mode === 'terragrunt' && e.key === 'inputs' && value?.type === 'map') {
      for (const i of value.entries) {
        if (i.value?.type === 'scalar' && i.value.literal) facts.assignments.set(i.key, { file, line: lineOf(i.value.start), value: i.value.value });
      }
    }
  }
  return facts;
}

function providerRegion(provider: ProviderFact | undefined, facts: MergedFacts): FindingRegion | undefined {
  if (!provider) return undefined;
  const what = provider.alias ? `provider "aws" (alias ${provider.alias})` : 'provider "aws"';
  return resolveRegion(provider.region, facts, what, provider);
}

function defaultProvider(facts: MergedFacts): ProviderFact | undefined {
  return facts.providers.find((p) => p.alias === undefined);
}

function aliasOf(node: TreeNode | undefined): string | undefined {
  if (node?.type !== 'scalar' || node.literal) return undefined;
  const m = /^aws\.([A-Za-z0-9_-]+)$/.exec(node.value);
  return m?.[1];
}

// --- findings ---------------------------------------------------------------------------------------

/**
 * A scalar in `validation { condition = contains([...], var.x) }` lists an allowed size: `condition`
 * is an IAM policy key everywhere else, so the key rules drop it. The group (the list's start, so
 * one list is one group), or null when the scalar is not in a validation condition. Allowed sizes
 * are options, like CloudFormation's AllowedValues: the default is what runs, and a choice would be
 * counted once more next to it.
 */
function validationList(steps: readonly TreeStep[]): number | null {
  let previous: string | undefined;
  let inCondition = false;
  let list: number | undefined;
  for (const s of steps) {
    const key = s.entry?.key;
    if (inCondition) {
      // A key inside the condition (an object literal) is not the allowed list any more.
      if (key !== undefined) return null;
      if (s.node.type === 'list') list = s.node.start;
      continue;
    }
    if (key === undefined) continue;
    if (key === 'condition' && previous === 'validation') inCondition = true;
    previous = key;
  }
  return inCondition ? (list ?? null) : null;
}

/** Blocks whose contents are not deployments, or not sizes at all. */
const skippedBlocks = new Set([
  'provider',
  'terraform',
  'moved',
  'import',
  'removed',
  'generate',
  'remote_state',
  'include',
  'dependency',
  'dependencies',
  'check',
]);

/** In a `variable` block, only these hold values (its `description` and `type` do not). */
const variableValueKeys: ReadonlySet<string> = new Set(['default', 'validation']);

/** Heredocs holding YAML configuration rather than scripts. */
const yamlHeredocKeys = new Set(['values', 'yamlbody', 'manifest', 'yaml', 'valuesyaml']);

interface Scope {
  resource: string;
  /** Resolved on first use: most blocks hold no size at all. */
  region: () => FindingRegion | undefined;
  option: boolean;
  contextKind?: IacKind;
  /** Index in the walk's steps of the resource's own map (where counts are looked for). */
  countFrom: number;
  /** Only scalars under these keys (a variable's `default`): undefined means all. */
  only?: ReadonlySet<string>;
}

/**
 * `regions`, when given, receives the region of every `resource` block, sizes or not: the cost model
 * prices NAT gateways and volumes, which name no size, in the region their provider says.
 */
export function recogniseTerraform(text: string, fileName: string, context?: RecogniseContext, regions?: Record<string, FindingRegion>): IacFinding[] {
  const mode = hclModeOf(fileName);
  const root = parseHcl(text);
  const sink = new FindingSink(text);
  const own = hclFacts(fileName, text, root, sink, mode);
  const facts = mergeFacts(own, context);
  const file = baseName(fileName);
  // A .tfvars or terragrunt file that sets its own region, in a folder whose provider does not say
  // (or has none here), runs there: its own value wins over any neighbour's.
  const ownRegion = (): FindingRegion | undefined => {
    if (mode === 'terraform') return undefined;
    for (const key of ['region', 'aws_region']) {
      const a = own.assignments.get(key);
      if (a && isRegionCode(a.value)) return { code: a.value, reason: `${key} = "${a.value}" (${a.file}:${a.line})` };
    }
    return undefined;
  };
  let fileRegionMemo: { value: FindingRegion | undefined } | undefined;
  const fileRegion = (): FindingRegion | undefined => (fileRegionMemo ??= { value: providerRegion(defaultProvider(facts), facts) ?? ownRegion() }).value;
  const lazy = (compute: () => FindingRegion | undefined): (() => FindingRegion | undefined) => {
    let memo: { value: FindingRegion | undefined } | undefined;
    return () => (memo ??= { value: compute() }).value;
  };

  const regionFor = (block: TreeMap, label: string): FindingRegion | undefined => {
    const own = findEntry(block, 'region');
    if (own) return resolveRegion(regionExprOf(text, own.value), facts, label, { file, line: sink.line(own.keyStart) });
    const alias = aliasOf(entryValue(block, 'provider')) ?? aliasOf(entryValue(entryValue(block, 'providers'), 'aws'));
    if (alias)
      return providerRegion(
        facts.providers.find((p) => p.alias === alias),
        facts,
      );
    return fileRegion();
  };

  const scopes: { entry: TreeEntry; scope: Scope }[] = [];
  for (const e of root.entries) {
    const value = e.value;
    if (!e.block || value?.type !== 'map') {
      if (e.block) continue;
      // Top-level attributes: tfvars values, Terragrunt `inputs`.
      const resource = mode === 'tfvars' ? `var.${e.key}` : e.key;
      scopes.push({ entry: e, scope: { resource, region: fileRegion, option: false, countFrom: 1 } });
      continue;
    }
    if (skippedBlocks.has(e.key)) continue;
    const [type, name] = value.labels ?? [];
    if (e.key === 'resource' && type) {
      const label = `${type}.${name ?? ''}`;
      const region = lazy(() => regionFor(value, label));
      scopes.push({ entry: e, scope: { resource: label, region, option: false, contextKind: contextKindOfType(type), countFrom: 1 } });
      if (regions) {
        const r = region();
        if (r) regions[label] = r;
      }
    } else if (e.key === 'data' && type) {
      const label = `data.${type}.${name ?? ''}`;
      // Data sources look sizes up; they deploy nothing.
      scopes.push({ entry: e, scope: { resource: label, region: lazy(() => regionFor(value, label)), option: true, countFrom: 1 } });
    } else if (e.key === 'module' && type) {
      const label = `module.${type}`;
      scopes.push({ entry: e, scope: { resource: label, region: lazy(() => regionFor(value, label)), option: false, countFrom: 1 } });
    } else if (e.key === 'variable' && type) {
      scopes.push({ entry: e, scope: { resource: `var.${type}`, region: fileRegion, option: false, countFrom: 1, only: variableValueKeys } });
    } else if (e.key === 'locals') {
      for (const l of value.entries) {
        scopes.push({ entry: l, scope: { resource: `local.${l.key}`, region: fileRegion, option: false, countFrom: 1 } });
      }
    } else if (e.key === 'output' && type) {
      scopes.push({ entry: e, scope: { resource: `output.${type}`, region: fileRegion, option: true, countFrom: 1 } });
    } else {
      scopes.push({ entry: e, scope: { resource: [e.key, ...(value.labels ?? [])].join('.'), region: fileRegion, option: false, countFrom: 1 } });
    }
  }

  for (const { entry, scope } of scopes) {
    const start: TreeStep[] = [{ node: root, entry }];
    walkScalars(
      entry.value,
      (scalar, steps) => {
        if (scope.only) {
          const first = steps[1]?.entry?.key;
          if (first === undefined || !scope.only.has(first)) return;
        }
        if (scalar.text) {
          // cloud-init user data is YAML too, but it configures a machine, it does not deploy one.
          if (deniedByKeys(steps)) return;
          const key = innermostKey(steps);
          if ((key && yamlHeredocKeys.has(normalKey(key))) || /ya?ml/i.test(scalar.marker ?? '')) {
            for (const doc of parseYaml(text, scalar.start, scalar.end)) {
              for (const node of doc.nodes) collectKubernetes(text, node, sink, { resource: scope.resource, region: scope.region(), helm: true });
            }
          }
          return;
        }
        const matches = scalarSizes(text, scalar);
        if (matches.length === 0) return;
        const allowedList = deniedByKeys(steps) ? validationList(steps) : undefined;
        if (allowedList === null) return;
        const decision: Decision = { resource: scope.resource };
        const region = scope.region();
        if (region) decision.region = region;
        if (scope.contextKind) decision.contextKind = scope.contextKind;
        let option = scope.option;
        for (const s of steps) {
          const key = s.entry?.key;
          if (
            key === 'validation' ||
            key === 'allowed_instance_types' ||
            key === 'excluded_instance_types' ||
            (s.node.type === 'expr' && s.node.call === 'contains')
          )
            option = true;
        }
        if (option) decision.option = true;
        const count = countFor(steps, scope.countFrom);
        if (count !== undefined) decision.count = count;
        addSizes(sink, matches, decision, allowedList ?? groupFor(steps, scalar));
      },
      start,
    );
  }
  return sink.finish();
}
