/**
 * One loose syntax tree for HCL, YAML and JSON, so the format rules (which keys carry sizes, which
 * are prose, which resource owns a value) are written once per format, not once per parser. Only
 * what the rules need is kept: keys, scalars with their exact offsets, containers, and for HCL the
 * function calls and operators around a value.
 */

export interface TreeScalar {
  type: 'scalar';
  /** The scalar's content range in the text (inside any quotes). */
  start: number;
  end: number;
  /**
   * The content. HCL and JSON: as written (escapes not decoded). YAML: what a YAML parser gives
   * (escapes decoded, line breaks folded, block scalars without their indentation), since keys and
   * values are compared as YAML means them; `start`/`end` stay the written range either way.
   */
  value: string;
  /** A string literal (quoted, or a YAML plain scalar); false for HCL references, numbers and operators. */
  literal: boolean;
  quoted: boolean;
  /** Free text: a YAML block scalar or an HCL heredoc (user data, scripts, embedded documents). */
  text?: boolean;
  /** The heredoc marker, when `text` came from an HCL heredoc. */
  marker?: string;
  /** A YAML tag: `!Ref`, `!Sub`, ... */
  tag?: string;
}

export interface TreeEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: TreeNode | undefined;
  /** An HCL block (`resource "aws_instance" "web" { ... }`) rather than an attribute. */
  block?: boolean;
  /** The key as a scalar node when it is itself a value (CloudFormation mapping keys that are sizes). */
  keyNode?: TreeScalar;
}

export interface TreeMap {
  type: 'map';
  start: number;
  end: number;
  entries: TreeEntry[];
  /** HCL block labels: `["aws_instance", "web"]`. */
  labels?: string[];
  tag?: string;
}

export interface TreeList {
  type: 'list';
  start: number;
  end: number;
  items: TreeNode[];
  tag?: string;
}

/** An HCL expression that is more than one value: a call, a conditional, a template with `${}`. */
export interface TreeExpr {
  type: 'expr';
  start: number;
  end: number;
  parts: TreeNode[];
  /** The function name for a call: `contains`, `try`, `lookup`, `jsonencode`. */
  call?: string;
  tag?: string;
}

export type TreeNode = TreeScalar | TreeMap | TreeList | TreeExpr;

/** How the walk got to a node: the container and, for maps, the entry it went through. */
export interface TreeStep {
  node: TreeMap | TreeList | TreeExpr;
  entry?: TreeEntry;
  /**
   * Memos for the key rules (tree-findings), which ask the same of every scalar under a step: the
   * normalised key of `entry` (valid while `normalOf === entry`) and the literal count in `node`
   * (valid while `countOf === node`; null: none). The walk reuses step objects, hence the owners.
   */
  normalOf?: TreeEntry;
  normal?: string;
  countOf?: TreeMap;
  count?: number | null;
}

/** Containers deeper than this are not walked (the parsers stop nesting there too). */
export const maxTreeDepth = 200;

/**
 * Calls `visit` for every scalar under `root` with the steps that lead to it. The steps array and
 * its step objects are reused during the walk (no allocation per node): copy what you keep.
 */
export function walkScalars(root: TreeNode | undefined, visit: (scalar: TreeScalar, steps: readonly TreeStep[]) => void, steps: TreeStep[] = []): void {
  walkNode(root, visit, steps, [], steps.length);
}

/**
 * One level of walkScalars. A container pushes one step for all its children and only moves its
 * `entry` along: the hot loop of every recogniser, so no closures and no per-child push/pop.
 */
function walkNode(
  node: TreeNode | undefined,
  visit: (scalar: TreeScalar, steps: readonly TreeStep[]) => void,
  steps: TreeStep[],
  pool: TreeStep[],
  base: number,
): void {
  if (!node) return;
  if (node.type === 'scalar') {
    visit(node, steps);
    return;
  }
  if (steps.length >= maxTreeDepth) return;
  const children = node.type === 'map' ? node.entries : node.type === 'list' ? node.items : node.parts;
  if (children.length === 0) return;
  const depth = steps.length - base;
  let step = pool[depth];
  if (step) {
    step.node = node;
    step.entry = undefined;
  } else {
    // Every field up front: one object shape for every step.
    step = { node, entry: undefined, normalOf: undefined, normal: undefined, countOf: undefined, count: undefined };
    pool[depth] = step;
  }
  steps.push(step);
  if (node.type === 'map') {
    for (const entry of node.entries) {
      // Deeper levels use deeper pool slots: `step` stays this node's until the loop ends.
      step.entry = entry;
      walkNode(entry.value, visit, steps, pool, base);
    }
  } else {
    for (const child of node.type === 'list' ? node.items : node.parts) {
      walkNode(child, visit, steps, pool, base);
    }
  }
  steps.pop();
}

export function findEntry(map: TreeNode | undefined, key: string): TreeEntry | undefined {
  if (!map || map.type !== 'map') return undefined;
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

export function entryValue(map: TreeNode | undefined, key: string): TreeNode | undefined {
  return findEntry(map, key)?.value;
}

/** The string value of a literal scalar entry, or undefined. */
export function scalarValue(node: TreeNode | undefined): string | undefined {
  return node && node.type === 'scalar' && !node.text ? node.value : undefined;
}

export function stringEntry(map: TreeNode | undefined, key: string): string | undefined {
  return scalarValue(entryValue(map, key));
}

const normalKeys = new Map<string, string>();

/** `lowerCamel`, `snake_case`, `kebab-case` and `PascalCase` spellings of one key compare equal. */
export function normalKey(key: string): string {
  // Keys repeat endlessly (`instance_type`, `tags`): remember them, within reason.
  let n = normalKeys.get(key);
  if (n === undefined) {
    n = key.replace(/[-_\s]/g, '').toLowerCase();
    if (normalKeys.size > 20_000) normalKeys.clear();
    normalKeys.set(key, n);
  }
  return n;
}

/** A literal whole number (a count), or undefined. */
export function integerValue(node: TreeNode | undefined): number | undefined {
  const v = scalarValue(node);
  if (v === undefined || !/^\s*\d{1,7}\s*$/.test(v)) return undefined;
  return Number(v);
}
