/**
 * Turning tree scalars into findings, shared by every format: the grammar finds size-shaped tokens
 * in literal scalars, the prose test and the key rules drop descriptions, tags, policies and scripts,
 * and the format's `decide` says who owns the value (kind, resource, region, count, role).
 */
import { LineMap } from './finding';
import type { FindingForm, FindingRegion, FindingRole, IacFinding, IacKind } from './finding';
import { findSizes, isValueScalar, kindOfToken, parseSize } from './size-grammar';
import type { SizeMatch } from './size-grammar';
import { integerValue, normalKey, walkScalars } from './tree';
import type { TreeEntry, TreeMap, TreeNode, TreeScalar, TreeStep } from './tree';

export interface Candidate {
  start: number;
  end: number;
  token: string;
  resolved: string;
  kind: IacKind;
  form: FindingForm;
  /** Only `option` is decided by the format; `value` vs `choice` comes from the group's size. */
  option?: boolean;
  group: number;
  region?: FindingRegion;
  count?: number;
  resource?: string;
}

/** Collects candidates, then sorts, de-duplicates and positions them once. */
export class FindingSink {
  readonly candidates: Candidate[] = [];
  private lineMap: LineMap | undefined;

  constructor(readonly text: string) {}

  private get lines(): LineMap {
    this.lineMap ??= new LineMap(this.text);
    return this.lineMap;
  }

  /** The 1-based line of an offset, for reasons (`main.tf:3`). */
  line(offset: number): number {
    return this.lines.position(offset).line + 1;
  }

  add(candidate: Candidate): void {
    this.candidates.push(candidate);
  }

  finish(): IacFinding[] {
    const sorted = this.candidates.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: Candidate[] = [];
    let last: Candidate | undefined;
    for (const c of sorted) {
      // Overlaps happen when two rules see the same text (an SDK expression holding a literal): first wins.
      // The same text reached by two resources (a YAML alias or merge key shares a node) is a size
      // each of them runs: both are kept, so neither is missing from a total.
      const shared =
        last !== undefined &&
        c.start === last.start &&
        c.end === last.end &&
        c.resource !== last.resource &&
        !kept.some((k) => k.start === c.start && k.resource === c.resource);
      if (last !== undefined && c.start < last.end && !shared) continue;
      kept.push(c);
      if (!shared) last = c;
    }
    // Alternatives are counted within one resource: a shared node's copies are not a choice.
    const groupKey = (c: Candidate): string => `${c.resource ?? ''}\u0000${c.group}`;
    const groupSizes = new Map<string, number>();
    for (const c of kept) if (!c.option) groupSizes.set(groupKey(c), (groupSizes.get(groupKey(c)) ?? 0) + 1);
    const lines = this.lines;
    return kept.map((c) => {
      const role: FindingRole = c.option ? 'option' : (groupSizes.get(groupKey(c)) ?? 0) > 1 ? 'choice' : 'value';
      const start = lines.position(c.start);
      // A one-line token ends on its own line: no second search.
      const end =
        c.token.includes('\n') || c.token.includes('\r') ? lines.position(c.end) : { line: start.line, character: start.character + (c.end - c.start) };
      const finding: IacFinding = {
        range: { start, end },
        offsets: { start: c.start, end: c.end },
        token: c.token,
        resolved: c.resolved,
        kind: c.kind,
        role,
        form: c.form,
        group: c.group,
      };
      if (c.region) finding.region = c.region;
      if (c.count !== undefined) finding.count = c.count;
      if (c.resource) finding.resource = c.resource;
      return finding;
    });
  }
}

/** What a format says about one scalar holding sizes; undefined drops it. */
export interface Decision {
  /** `other` for services priced in another list (DocumentDB, Neptune, ...); see kindOfToken. */
  contextKind?: IacKind;
  resource?: string;
  region?: FindingRegion;
  count?: number;
  option?: boolean;
  /** Overrides the default grouping (the owning key). */
  group?: number;
}

export type Decide = (scalar: TreeScalar, steps: readonly TreeStep[]) => Decision | undefined;

/** The sizes written in a literal scalar, when it is configuration and not prose. */
export function scalarSizes(text: string, scalar: TreeScalar): SizeMatch[] {
  if (!scalar.literal || scalar.text || scalar.end - scalar.start < 6) return [];
  const matches: SizeMatch[] = [];
  findSizes(text, scalar.start, scalar.end, matches);
  if (matches.length === 0 || !isValueScalar(text, scalar.start, scalar.end, matches)) return [];
  return matches;
}

export function addSizes(sink: FindingSink, matches: readonly SizeMatch[], decision: Decision, group: number): void {
  for (const m of matches) {
    const parts = parseSize(m.token);
    if (!parts) continue;
    const candidate: Candidate = {
      start: m.start,
      end: m.end,
      token: m.token,
      resolved: m.token,
      kind: kindOfToken(parts, decision.contextKind),
      form: 'literal',
      group: decision.group ?? group,
    };
    if (decision.option) candidate.option = true;
    if (decision.region) candidate.region = decision.region;
    if (decision.count !== undefined) candidate.count = decision.count;
    if (decision.resource) candidate.resource = decision.resource;
    sink.add(candidate);
  }
}

/** Walks a tree and reports the sizes its literal scalars hold, as `decide` allows. */
export function collectTreeSizes(text: string, root: TreeNode | undefined, sink: FindingSink, decide: Decide, steps: TreeStep[] = []): void {
  walkScalars(
    root,
    (scalar, steps) => {
      const matches = scalarSizes(text, scalar);
      if (matches.length === 0) return;
      if (deniedByKeys(steps)) return;
      const decision = decide(scalar, steps);
      if (!decision) return;
      addSizes(sink, matches, decision, groupFor(steps, scalar));
    },
    steps,
  );
}

// --- key rules ----------------------------------------------------------------------------------

/** Values under these keys are prose, whatever they hold. */
const proseKeys = new Set([
  'description',
  'constraintdescription',
  'errormessage',
  'message',
  'comment',
  'comments',
  'summary',
  'help',
  'helptext',
  'title',
  'note',
  'notes',
  'documentation',
  'readme',
  'example',
  'examples',
  'usage',
  'displayname',
]);

/** Tags and labels name things; a size there is a note, not configuration (except instance-type labels). */
const tagKeys = new Set([
  'tags',
  'tagsall',
  'defaulttags',
  'tag',
  'labels',
  'annotations',
  'runtags',
  'snapshottags',
  'runvolumetags',
  'volumetags',
  'amitags',
  'propagatetags',
  'tagspecifications',
]);

/** IAM policies may restrict instance types (`ec2:InstanceType` conditions): permissions, not deployments. */
const policyKeys = new Set(['policy', 'assumerolepolicy', 'policydocument', 'inlinepolicy', 'condition', 'policytext']);

/** Scripts and user data are shell text. */
const scriptKeys = new Set(['userdata', 'userdatabase64', 'script', 'scripts', 'inline', 'commands', 'command', 'shell', 'run', 'args']);

/** A key whose value is prose, a policy or a script, in any spelling (`Description`, `user_data`). */
export function isDeniedKeyName(key: string): boolean {
  const k = normalKey(key);
  return proseKeys.has(k) || policyKeys.has(k) || scriptKeys.has(k);
}

export function isTagKeyName(key: string): boolean {
  return tagKeys.has(normalKey(key));
}

const instanceTypeLabel = /(?:^|\/)instance-type$/;

export function isInstanceTypeLabel(key: string): boolean {
  return instanceTypeLabel.test(key);
}

/**
 * The normalised key of the entry a step went through, remembered on the step: every scalar under
 * it asks again (deniedByKeys, groupFor, countFor), and the lookup hashes the key each time.
 */
function stepKey(step: TreeStep, entry: TreeEntry): string {
  if (step.normalOf !== entry) {
    step.normalOf = entry;
    step.normal = normalKey(entry.key);
  }
  return step.normal!;
}

export function deniedByKeys(steps: readonly TreeStep[]): boolean {
  let innermost: string | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    const entry = step.entry;
    if (!entry) continue;
    if (innermost === undefined) innermost = entry.key;
    const k = stepKey(step, entry);
    if (proseKeys.has(k) || policyKeys.has(k) || scriptKeys.has(k)) return true;
    if (tagKeys.has(k) && !(innermost !== undefined && isInstanceTypeLabel(innermost))) {
      // CloudFormation tags are lists of {Key, Value}; Kubernetes labels are maps: only a label named
      // `.../instance-type` carries a size that means something.
      return true;
    }
  }
  return false;
}

const alternativesKeys = new Set(['override', 'overrides', 'instancetypeconfigs', 'instancetypeconfig', 'launchtemplateoverrides']);

/** Key names that own a size directly (`instance_type`, `NodeType`, `instanceTypes`, `environmentClass`...). */
const sizeKey = /type|class|size|instance|node|flavor|sku|machine/i;

/**
 * Which assignment a scalar belongs to: the innermost key that names a size (`instance_types`,
 * `sizes`), else the innermost key. Two sizes in one group are alternatives, not a sum.
 */
export function groupFor(steps: readonly TreeStep[], scalar: TreeScalar): number {
  // Launch-template overrides and instance-type configs list alternatives for one group of machines.
  let outer: TreeEntry | undefined;
  for (const step of steps) {
    const entry = step.entry;
    if (!entry) continue;
    if (alternativesKeys.has(stepKey(step, entry))) return (outer ?? entry).keyStart;
    outer = entry;
  }
  let innermost: TreeEntry | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const entry = steps[i]!.entry;
    if (!entry) continue;
    innermost ??= entry;
    if (sizeKey.test(entry.key)) return entry.keyStart;
  }
  return innermost ? innermost.keyStart : scalar.start;
}

/** The innermost key above a scalar (`instance_type`, `values`...). */
export function innermostKey(steps: readonly TreeStep[]): string | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const entry = steps[i]!.entry;
    if (entry) return entry.key;
  }
  return undefined;
}

export function hasKey(steps: readonly TreeStep[], keys: ReadonlySet<string>): boolean {
  for (const s of steps) if (s.entry && keys.has(stepKey(s, s.entry))) return true;
  return false;
}

// --- counts -------------------------------------------------------------------------------------

const countKeys = new Set([
  'count',
  'instancecount',
  'desiredsize',
  'desiredcapacity',
  'numcachenodes',
  'numcacheclusters',
  'numberofnodes',
  'numberofbrokernodes',
  'initialinstancecount',
  'exactcount',
]);
/** Sizes with their own count key next to them (OpenSearch masters and warm nodes). */
const pairedCount: Readonly<Record<string, string>> = {
  dedicatedmastertype: 'dedicatedmastercount',
  warmtype: 'warmcount',
  masternodeinstancetype: 'masternodes',
  warmnodeinstancetype: 'warmnodes',
  datanodeinstancetype: 'datanodes',
};
const scalingBlocks = new Set(['scalingconfig']);

function countIn(map: TreeMap, keys: ReadonlySet<string>): number | undefined {
  for (const e of map.entries) {
    if (keys.has(normalKey(e.key))) {
      const n = integerValue(e.value);
      if (n !== undefined) return n;
    }
  }
  for (const e of map.entries) {
    if (e.value?.type === 'map' && scalingBlocks.has(normalKey(e.key))) {
      const n = countIn(e.value, keys);
      if (n !== undefined) return n;
    }
  }
  return undefined;
}

/**
 * A literal count for the size under `steps`: looked for in the maps from the innermost one out to
 * `steps[from]` (the resource's own scope). Expressions (`var.n`, `length(...)`) do not count.
 * Sizes in one resource share its maps: each map's count is remembered on its step.
 */
export function countFor(steps: readonly TreeStep[], from: number): number | undefined {
  let paired: string | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.entry) {
      paired = pairedCount[stepKey(step, step.entry)];
      break;
    }
  }
  for (let i = steps.length - 1; i >= Math.max(0, from); i--) {
    const step = steps[i]!;
    const node = step.node;
    if (node.type !== 'map') continue;
    if (paired) return countIn(node, new Set([paired]));
    if (step.countOf !== node) {
      step.countOf = node;
      step.count = countIn(node, countKeys) ?? null;
    }
    if (step.count !== null) return step.count;
  }
  return undefined;
}
