/**
 * Infrastructure programs in TypeScript/JavaScript and Python: AWS CDK (and CDK for Terraform),
 * Pulumi, and SDK scripts (boto3, AWS SDK for JavaScript). Sizes are string literals on resource
 * properties (`instanceType: "t3.micro"`, `new ec2.InstanceType("m5.large")`, keyword arguments),
 * CDK's `InstanceType.of(InstanceClass.X, InstanceSize.Y)` and SDK enums
 * (`aws.ec2.InstanceType.T3_Micro`). An EC2 instance type given to an RDS construct is priced as
 * `db.` + type. Only files that import one of these libraries are read: a size in an ordinary
 * program is data, not infrastructure.
 */
import { isRegionCode } from '../regions';
import type { FindingRegion, IacFinding, IacFormat, IacKind } from './finding';
import { cdkClassFamily, cdkSize } from './cdk';
import { tokenizeCode } from './code-tokens';
import type { CodeLanguage, CodeToken } from './code-tokens';
import { enumMemberSize } from './pulumi';
import { baseName, emptyFacts, mergeFacts, stackRegion } from './region-facts';
import type { RecogniseContext } from './region-facts';
import { contextKindOfType, findSizes, isValueScalar, kindOfToken, parseSize } from './size-grammar';
import type { SizeMatch } from './size-grammar';
import { FindingSink, isDeniedKeyName, isTagKeyName } from './tree-findings';

export type ProgramFormat = Extract<IacFormat, 'cdk' | 'pulumi' | 'sdk' | 'unknown'>;

/** Which library the program uses, from its imports. */
export function programFormat(text: string): ProgramFormat {
  if (/aws-cdk-lib|@aws-cdk\/|\baws_cdk\b|\bcdktf\b|@cdktf\//.test(text)) return 'cdk';
  if (/@pulumi\/|\bimport pulumi\b|\bfrom pulumi\b|\bpulumi_aws\b/.test(text)) return 'pulumi';
  if (/\bboto3\b|@aws-sdk\/|['"]aws-sdk['"]/.test(text)) return 'sdk';
  return 'unknown';
}

interface Frame {
  open: string;
  /** `aws.ec2.Instance` for `new aws.ec2.Instance(`; undefined for brackets that are not calls. */
  callee?: string;
  /** Token index just after the bracket. */
  at: number;
  /** The property or variable the bracketed value is assigned to. */
  key?: string;
  /** A Pulumi resource's region, once asked (its `provider` option or the stack's). */
  region?: { value: FindingRegion | undefined };
}

/** Constructs whose `instanceType` is an RDS (or DocumentDB/Neptune) size: priced as `db.` + type. */
const databaseCallee =
  /(?:^|\.)(?:rds|docdb|neptune)\.|DatabaseInstance|DatabaseCluster|ClusterInstance|ServerlessCluster|DatabaseInstanceReadReplica|DatabaseInstanceFromSnapshot/;
/** Calls whose string arguments are messages, not configuration. */
const messageCallee = /(?:^|\.)(?:log|info|warn|error|debug|print|assert\w*|expect|describe|it|test|fail|Error|format)$/;
/** Outputs and exports name a size for someone to read; they deploy nothing. */
const outputCallee = /(?:^|\.)(?:CfnOutput|export)$/;
/** Calls that are not resources, for labels. */
const notResource =
  /(?:^|\.)(?:InstanceType|InstanceClass|InstanceSize|of|Environment|Provider|Config|Stack|App|Duration|Tags|Fn|Lazy|Token|get|getenv|require|dict|list)$/;

export function recogniseProgram(
  text: string,
  fileName: string,
  language: CodeLanguage,
  context?: RecogniseContext,
): { format: ProgramFormat; findings: IacFinding[] } {
  const format = programFormat(text);
  if (format === 'unknown') return { format, findings: [] };
  const tokens = tokenizeCode(text, language);
  const sink = new FindingSink(text);
  const region = programRegion(tokens, format, sink, fileName, context);
  const providers = format === 'pulumi' ? pulumiProviders(tokens, sink, fileName) : undefined;
  const frames: Frame[] = [];

  const isPunct = (i: number, v: string): boolean => tokens[i]?.kind === 'punct' && tokens[i]!.value === v;

  /** The dotted chain ending at token `i` (an id): its text and first token index. */
  const chainBack = (i: number): { chain: string; from: number } => {
    let from = i;
    while (from >= 2 && isPunct(from - 1, '.') && tokens[from - 2]!.kind === 'id') from -= 2;
    return {
      chain: tokens
        .slice(from, i + 1)
        .map((t) => t.value)
        .join(''),
      from,
    };
  };

  /** `key:` / `key=` just before token `i` (property, keyword argument, assignment). */
  const keyBefore = (i: number): string | undefined => {
    const sep = tokens[i - 1];
    const key = tokens[i - 2];
    if (!sep || !key || sep.kind !== 'punct' || (sep.value !== ':' && sep.value !== '=')) return undefined;
    return key.kind === 'id' || key.kind === 'str' ? key.value : undefined;
  };

  const calleeContext = (): { database: boolean; kind?: IacKind } => {
    let database = false;
    let kind: IacKind | undefined;
    for (const f of frames) {
      if (!f.callee) continue;
      if (databaseCallee.test(f.callee)) database = true;
      kind = contextKindOfType(f.callee) ?? kind;
    }
    return { database, kind };
  };

  /** The construct's id: the first string argument (after `this`/`self`/`scope`). */
  const firstStringArg = (f: Frame): string | undefined => {
    for (let j = f.at; j < Math.min(tokens.length, f.at + 4); j++) {
      const t = tokens[j]!;
      if (t.kind === 'str') return t.value;
      if (t.kind === 'punct' && t.value !== ',') break;
    }
    return undefined;
  };

  /** `const size = ... "t3.medium"`: the variable a statement assigns, looking back from token `i`. */
  const assignedName = (i: number): string | undefined => {
    for (let j = i - 1; j >= Math.max(1, i - 24); j--) {
      const t = tokens[j]!;
      if (t.kind === 'punct' && (t.value === ';' || t.value === '{' || t.value === '}')) return undefined;
      // Python statements end at the line break (outside brackets, which `frames` would show).
      if (language === 'python' && /[\r\n]/.test(text.slice(t.end, tokens[j + 1]!.start))) return undefined;
      if (t.kind === 'punct' && t.value === '=' && tokens[j - 1]?.kind === 'id' && tokens[j + 1]?.value !== '=' && tokens[j + 1]?.value !== '>')
        return tokens[j - 1]!.value;
    }
    return undefined;
  };

  const resourceLabel = (direct: string | undefined, at: number): string | undefined => {
    for (let k = frames.length - 1; k >= 0; k--) {
      const f = frames[k]!;
      if (!f.callee || notResource.test(f.callee)) continue;
      const name = firstStringArg(f);
      // Constructs and resources (`new ec2.Instance(this, 'Web', ...)`), and CDK's `addXxxCapacity('spot', ...)`.
      if (/(?:^|\.)[A-Z][A-Za-z0-9]*$/.test(f.callee)) return name !== undefined ? `${f.callee} "${name}"` : f.callee;
      if (/(?:^|\.)add[A-Z]\w*$/.test(f.callee) && name !== undefined) return `${f.callee} "${name}"`;
      if (outputCallee.test(f.callee) && name !== undefined) return `${f.callee} "${name}"`;
    }
    return frames[0]?.key ?? direct ?? assignedName(at);
  };

  /**
   * A Pulumi resource given `{ provider: west }` runs where that provider does; one given a provider
   * this file does not declare with a literal region has no region: the stack's would be a guess.
   */
  const regionHere = (): FindingRegion | undefined => {
    if (!providers) return region;
    for (let k = frames.length - 1; k >= 0; k--) {
      const f = frames[k]!;
      if (!f.callee || !pulumiResourceCallee.test(f.callee) || notResource.test(f.callee) || argsCallee.test(f.callee) || firstStringArg(f) === undefined)
        continue;
      if (!f.region) {
        const ref = providerOption(tokens, f.at - 1);
        f.region = { value: ref === undefined ? region : providers.get(ref) };
      }
      return f.region.value;
    }
    return region;
  };

  const add = (
    start: number,
    end: number,
    token: string,
    resolved: string,
    kind: IacKind,
    form: 'literal' | 'symbolic',
    group: number,
    resource: string | undefined,
  ): void => {
    const option = frames.some((f) => f.callee !== undefined && outputCallee.test(f.callee));
    const here = regionHere();
    sink.add({
      start,
      end,
      token,
      resolved,
      kind,
      form,
      group,
      ...(option ? { option } : {}),
      ...(here ? { region: here } : {}),
      ...(resource ? { resource } : {}),
    });
  };

  /** `db.` + type when an EC2 InstanceType is handed to a database construct. */
  const databaseSize = (size: string, kind: IacKind | undefined): { resolved: string; kind: IacKind } => {
    const parts = parseSize(size);
    if (parts && !parts.prefix) return { resolved: `db.${size}`, kind: kind === 'other' ? 'other' : 'rds' };
    return { resolved: size, kind: parts ? kindOfToken(parts, kind) : 'other' };
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      if (t.value === '(' || t.value === '[' || t.value === '{') {
        const frame: Frame = { open: t.value, at: i + 1 };
        if (t.value === '(' && tokens[i - 1]?.kind === 'id') {
          const { chain, from } = chainBack(i - 1);
          frame.callee = chain;
          frame.key = keyBefore(tokens[from - 1]?.value === 'new' ? from - 1 : from);
        } else {
          frame.key = keyBefore(i);
        }
        frames.push(frame);
      } else if (t.value === ')' || t.value === ']' || t.value === '}') {
        const want = t.value === ')' ? '(' : t.value === ']' ? '[' : '{';
        // Pop to the matching bracket; a stray closer (broken code) pops nothing.
        let k = frames.length - 1;
        while (k >= 0 && frames[k]!.open !== want) k--;
        if (k >= 0) frames.length = k;
      }
      continue;
    }
    if (t.kind === 'id' && t.value === 'InstanceType' && isPunct(i + 1, '.') && tokens[i + 2]?.kind === 'id') {
      const { from } = chainBack(i);
      const member = tokens[i + 2]!;
      if (member.value === 'of' && isPunct(i + 3, '(')) {
        const call = ofCall(tokens, i + 4);
        if (call) {
          const family = cdkClassFamily(call.classMember);
          const size = cdkSize(call.sizeMember);
          if (family && size) {
            const ctx = calleeContext();
            const plain = `${family}.${size}`;
            const r = ctx.database ? databaseSize(plain, ctx.kind) : { resolved: plain, kind: kindOfToken(parseSize(plain)!, ctx.kind) };
            const start = tokens[from]!.start;
            const end = tokens[call.close]!.end;
            add(start, end, text.slice(start, end), r.resolved, r.kind, 'symbolic', start, resourceLabel(keyBefore(from), from));
          }
        }
      } else if (member.value !== 'of' && !isPunct(i + 3, '(') && /_/.test(member.value)) {
        const ns = tokens
          .slice(from, i)
          .filter((x) => x.kind === 'id')
          .map((x) => x.value.toLowerCase());
        const size = enumMemberSize(member.value, cdkClassFamily);
        if (size) {
          let resolved = size;
          let kind: IacKind = kindOfToken(parseSize(size)!, calleeContext().kind);
          if (ns.some((s) => s === 'rds' || s === 'neptune' || s === 'docdb')) {
            resolved = `db.${size}`;
            kind = ns.includes('rds') ? 'rds' : 'other';
          } else if (ns.some((s) => s.startsWith('sagemaker'))) {
            resolved = `ml.${size}`;
            kind = 'sagemaker';
          }
          const start = tokens[from]!.start;
          add(start, member.end, text.slice(start, member.end), resolved, kind, 'symbolic', start, resourceLabel(keyBefore(from), from));
        }
      }
      continue;
    }
    if (t.kind !== 'str' || t.text || t.end - t.start < 6) continue;
    const matches: SizeMatch[] = [];
    findSizes(text, t.start, t.end, matches);
    if (matches.length === 0 || !isValueScalar(text, t.start, t.end, matches)) continue;
    // `if size == "m5.large"`: a comparison reads a size, it does not set one.
    const before = tokens[i - 1];
    if (before?.kind === 'punct' && before.value === '=' && /^[=!]$/.test(tokens[i - 2]?.value ?? '')) continue;
    const key = keyBefore(i);
    if (key !== undefined && (isDeniedKeyName(key) || isTagKeyName(key))) continue;
    // Pulumi Python's `args=aws.ec2.InstanceArgs(...)` is the resource's properties, not a script's arguments.
    if (frames.some((f) => f.key !== undefined && !(f.callee && /Args$/.test(f.callee)) && (isDeniedKeyName(f.key) || isTagKeyName(f.key)))) continue;
    const inner = frames[frames.length - 1];
    if (inner?.callee && messageCallee.test(inner.callee)) continue;
    const ctx = calleeContext();
    const inInstanceType = inner?.callee !== undefined && /(?:^|\.)InstanceType$/.test(inner.callee);
    // Sizes in one list (`instanceTypes: ['c6i.large', new InstanceType('c6a.large')]`) are alternatives.
    let group = t.start;
    for (let k = frames.length - 1; k >= 0; k--) {
      const f = frames[k]!;
      if (f.callee && /(?:^|\.)InstanceType$/.test(f.callee)) continue;
      if (f.open === '[') group = tokens[f.at - 1]!.start;
      break;
    }
    for (const m of matches) {
      const parts = parseSize(m.token);
      if (!parts) continue;
      const r = inInstanceType && ctx.database ? databaseSize(m.token, ctx.kind) : { resolved: m.token, kind: kindOfToken(parts, ctx.kind) };
      add(m.start, m.end, m.token, r.resolved, r.kind, 'literal', matches.length > 1 ? t.start : group, resourceLabel(key, i));
    }
  }
  return { format, findings: sink.finish() };
}

/** `InstanceType.of(<chain>.X, <chain>.Y)` starting after the `(`: the two last members and the `)`. */
function ofCall(tokens: readonly CodeToken[], from: number): { classMember: string; sizeMember: string; close: number } | undefined {
  const args: CodeToken[][] = [[]];
  let i = from;
  for (; i < tokens.length && i < from + 40; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.value === ')') break;
    if (t.kind === 'punct' && t.value === ',') {
      args.push([]);
      continue;
    }
    if (t.kind === 'punct' && t.value !== '.' && t.value !== '=') return undefined;
    args[args.length - 1]!.push(t);
  }
  if (tokens[i]?.value !== ')' || args.length < 2) return undefined;
  const member = (arg: CodeToken[], holder: string): string | undefined => {
    const ids = arg.filter((t) => t.kind === 'id').map((t) => t.value);
    // Python keywords: instance_class=ec2.InstanceClass.T3
    const k = ids.indexOf(holder);
    return k >= 0 && k === ids.length - 2 ? ids[ids.length - 1] : undefined;
  };
  const classMember = member(args[0]!, 'InstanceClass');
  const sizeMember = member(args[1]!, 'InstanceSize');
  return classMember && sizeMember ? { classMember, sizeMember, close: i } : undefined;
}

// --- Pulumi explicit providers -------------------------------------------------------------------

/** A Pulumi resource constructor (`aws.ec2.Instance`), not its `InstanceArgs` or `ResourceOptions`. */
const pulumiResourceCallee = /(?:^|\.)[A-Z][A-Za-z0-9]*$/;
const argsCallee = /(?:Args|Options)$/;
const awsProviderCallee = /^(?:aws|pulumi_aws)\.Provider$/;

/** The bracket that closes the one at `open` (or the end, in broken code). */
function closingIndex(tokens: readonly CodeToken[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.kind !== 'punct') continue;
    if (t.value === '(' || t.value === '[' || t.value === '{') depth++;
    else if ((t.value === ')' || t.value === ']' || t.value === '}') && --depth === 0) return j;
  }
  return tokens.length;
}

/** The dotted chain of ids ending at `i` (`self.west`), or undefined when `i` is not an id. */
function chainAt(tokens: readonly CodeToken[], i: number): { chain: string; from: number } | undefined {
  if (tokens[i]?.kind !== 'id') return undefined;
  let from = i;
  while (from >= 2 && tokens[from - 1]!.kind === 'punct' && tokens[from - 1]!.value === '.' && tokens[from - 2]!.kind === 'id') from -= 2;
  return {
    chain: tokens
      .slice(from, i + 1)
      .map((t) => t.value)
      .join(''),
    from,
  };
}

/** The id chain a key is given (`provider: west`, `provider=self.west`): undefined for anything else. */
function chainValue(tokens: readonly CodeToken[], at: number): string | undefined {
  let end = at;
  if (tokens[end]?.kind !== 'id') return undefined;
  while (tokens[end + 1]?.value === '.' && tokens[end + 2]?.kind === 'id') end += 2;
  const next = tokens[end + 1];
  if (next && next.kind === 'punct' && !/^[,)}\]]$/.test(next.value)) return undefined;
  return chainAt(tokens, end)!.chain;
}

const isKeySeparator = (tokens: readonly CodeToken[], i: number): boolean => {
  const t = tokens[i];
  return t?.kind === 'punct' && (t.value === ':' || t.value === '=') && tokens[i + 1]?.value !== '=';
};

/**
 * The provider a resource call (its `(` at `open`) names in its options: TS `{ provider: west }`,
 * Python `opts=pulumi.ResourceOptions(provider=west)`. Resources nested in the call have their own.
 * `''` when the option is there but not a plain name (a call, a conditional): no provider is known.
 */
function providerOption(tokens: readonly CodeToken[], open: number): string | undefined {
  const close = closingIndex(tokens, open);
  for (let j = open + 1; j < close; j++) {
    const t = tokens[j]!;
    if (t.kind === 'punct' && t.value === '(') {
      const callee = chainAt(tokens, j - 1);
      if (callee && pulumiResourceCallee.test(callee.chain) && !argsCallee.test(callee.chain)) j = closingIndex(tokens, j);
      continue;
    }
    if ((t.kind === 'id' || t.kind === 'str') && t.value === 'provider' && isKeySeparator(tokens, j + 1) && tokens[j - 1]?.value !== '.') {
      return chainValue(tokens, j + 2) ?? '';
    }
  }
  return undefined;
}

/**
 * `const west = new aws.Provider("west", { region: "us-west-2" })` / `west = aws.Provider("west",
 * region="us-west-2")`: the variable names the provider, and its region when it is a literal. A
 * computed or missing region is a provider with no region (an explicit provider does not read the
 * stack's `aws:region`), so its resources get none rather than the stack's.
 */
function pulumiProviders(tokens: readonly CodeToken[], sink: FindingSink, fileName: string): Map<string, FindingRegion | undefined> {
  const out = new Map<string, FindingRegion | undefined>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'id' || t.value !== 'Provider' || tokens[i + 1]?.value !== '(') continue;
    const callee = chainAt(tokens, i)!;
    if (!awsProviderCallee.test(callee.chain)) continue;
    let k = callee.from - 1;
    if (tokens[k]?.value === 'new') k--;
    if (!isKeySeparator(tokens, k) || tokens[k]!.value !== '=') continue;
    let target = chainAt(tokens, k - 1);
    // `const west: aws.Provider = new aws.Provider(...)`: the name is before the type.
    if (target && tokens[target.from - 1]?.value === ':') target = chainAt(tokens, target.from - 2);
    if (!target) continue;
    const name = target.chain;
    const close = closingIndex(tokens, i + 1);
    let region: FindingRegion | undefined;
    for (let j = i + 2; j < close; j++) {
      const key = tokens[j]!;
      if ((key.kind !== 'id' && key.kind !== 'str') || key.value !== 'region' || !isKeySeparator(tokens, j + 1)) continue;
      const value = tokens[j + 2];
      const after = tokens[j + 3];
      if (value?.kind === 'str' && !value.text && isRegionCode(value.value) && after?.kind === 'punct' && /^[,)}]$/.test(after.value)) {
        region = { code: value.value, reason: `Pulumi provider ${name} region (${baseName(fileName)}:${sink.line(value.start)})` };
      }
      break;
    }
    out.set(name, region);
  }
  return out;
}

const regionKeyNames = new Set(['region', 'regionname', 'awsregion', 'defaultregion']);

/**
 * The program's region. CDK / CDK for Terraform / SDK scripts: the one region the code names
 * (`env: { region: 'eu-central-1' }`, `Environment(region=...)`, a `CDK_DEFAULT_REGION` fallback);
 * comments are not code, so commented-out `env` lines do not count. Pulumi: the stack's `aws:region`
 * (a resource given an explicit provider runs where that provider says: `regionHere`).
 */
function programRegion(
  tokens: readonly CodeToken[],
  format: ProgramFormat,
  sink: FindingSink,
  fileName: string,
  context: RecogniseContext | undefined,
): FindingRegion | undefined {
  if (format === 'pulumi') return stackRegion(mergeFacts(emptyFacts(fileName), context), 'pulumi');
  const found = new Map<string, FindingRegion>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'str' || !isRegionCode(t.value)) continue;
    const sep = tokens[i - 1];
    const key = tokens[i - 2];
    let reason: string | undefined;
    if (
      sep?.kind === 'punct' &&
      (sep.value === ':' || sep.value === '=') &&
      key &&
      (key.kind === 'id' || key.kind === 'str') &&
      regionKeyNames.has(key.value.replace(/[_-]/g, '').toLowerCase())
    ) {
      reason = `${key.value}${sep.value === ':' ? ': ' : '='}'${t.value}' (line ${sink.line(t.start)})`;
    } else {
      for (let j = i - 1; j >= Math.max(0, i - 6); j--) {
        const p = tokens[j]!;
        if ((p.kind === 'id' || p.kind === 'str') && /REGION/.test(p.value)) {
          reason = `${p.value} fallback '${t.value}' (line ${sink.line(t.start)})`;
          break;
        }
      }
    }
    if (reason && !found.has(t.value)) found.set(t.value, { code: t.value, reason });
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}
