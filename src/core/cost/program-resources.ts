/**
 * CDK and Pulumi programs as the cost model's resources. The models in components.ts read Terraform
 * and CloudFormation names only, so each construct is translated here into the resource its tool
 * deploys: `@pulumi/aws` is generated from the Terraform provider (`aws.rds.Instance` is
 * `aws_db_instance`, `multiAz` is `multi_az`), CDK L1 constructs are CloudFormation resources with
 * camelCased properties, and CDK L2 constructs are rewritten to the properties they synthesize
 * (`engine: rds.DatabaseInstanceEngine.postgres(...)` is `Engine: postgres`); CDK for Terraform's
 * classes are Terraform resources, read as Pulumi's are. Sizes are not read
 * here: the recogniser already found them (with `InstanceType.of`, enums, `db.` prefixes) and they
 * join by the same label it gives (`rds.DatabaseInstance "Db"`, `aws.ec2.Instance "web"`).
 * Only literals count as known; a variable, a call or an interpolated string is present but
 * computed, as `var.x` is in HCL.
 */
import { tokenizeCode } from '../iac/code-tokens';
import type { CodeLanguage, CodeToken } from '../iac/code-tokens';
import { parseJson } from '../iac/json-tree';
import { entryValue, maxTreeDepth, scalarValue } from '../iac/tree';
import type { TreeEntry, TreeMap, TreeNode, TreeScalar } from '../iac/tree';
import { parseYaml } from '../iac/yaml-tree';
import type { IacFinding } from '../iac/finding';

/** What iac-resources needs to build an IacResource (it owns that one implementation). */
export interface ProgramResource {
  name: string;
  type: string;
  /** Offset of the `new` / call (or the YAML resource key), for the line. */
  at: number;
  props: TreeMap;
  findings: IacFinding[];
}

export type ProgramSyntax = CodeLanguage | 'yaml' | 'json';

// --- type tables ------------------------------------------------------------------------------

/** `@pulumi/aws` module.Class (also `aws:module:Class` in YAML) → the Terraform type it wraps. */
const pulumiTypes: Readonly<Record<string, string>> = {
  'ec2.Instance': 'aws_instance',
  'ec2.NatGateway': 'aws_nat_gateway',
  'ec2.LaunchTemplate': 'aws_launch_template',
  'ebs.Volume': 'aws_ebs_volume',
  'rds.Instance': 'aws_db_instance',
  'rds.ClusterInstance': 'aws_rds_cluster_instance',
  'rds.Cluster': 'aws_rds_cluster',
  'elasticache.Cluster': 'aws_elasticache_cluster',
  'elasticache.ReplicationGroup': 'aws_elasticache_replication_group',
  'opensearch.Domain': 'aws_opensearch_domain',
  'elasticsearch.Domain': 'aws_elasticsearch_domain',
  'eks.NodeGroup': 'aws_eks_node_group',
  'eks.Cluster': 'aws_eks_cluster',
  'lb.LoadBalancer': 'aws_lb',
  'alb.LoadBalancer': 'aws_lb',
  'elb.LoadBalancer': 'aws_elb',
  'lambda.Function': 'aws_lambda_function',
  'autoscaling.Group': 'aws_autoscaling_group',
};

/** CDK L1 (module.CfnClass, module as in `aws-cdk-lib/aws-<module>`) → its CloudFormation type. */
const cdkL1Types: Readonly<Record<string, string>> = {
  'ec2.CfnInstance': 'AWS::EC2::Instance',
  'ec2.CfnVolume': 'AWS::EC2::Volume',
  'ec2.CfnNatGateway': 'AWS::EC2::NatGateway',
  'ec2.CfnLaunchTemplate': 'AWS::EC2::LaunchTemplate',
  'rds.CfnDBInstance': 'AWS::RDS::DBInstance',
  'rds.CfnDBCluster': 'AWS::RDS::DBCluster',
  'elasticache.CfnCacheCluster': 'AWS::ElastiCache::CacheCluster',
  'elasticache.CfnReplicationGroup': 'AWS::ElastiCache::ReplicationGroup',
  'opensearchservice.CfnDomain': 'AWS::OpenSearchService::Domain',
  'elasticsearch.CfnDomain': 'AWS::Elasticsearch::Domain',
  'eks.CfnNodegroup': 'AWS::EKS::Nodegroup',
  'eks.CfnCluster': 'AWS::EKS::Cluster',
  'elasticloadbalancingv2.CfnLoadBalancer': 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'elasticloadbalancing.CfnLoadBalancer': 'AWS::ElasticLoadBalancing::LoadBalancer',
  'lambda.CfnFunction': 'AWS::Lambda::Function',
  'autoscaling.CfnAutoScalingGroup': 'AWS::AutoScaling::AutoScalingGroup',
};

/** Conventional import aliases that are not the module's own name (used when the imports do not say). */
const cdkModuleAliases: Readonly<Record<string, string>> = {
  elbv2: 'elasticloadbalancingv2',
  elb: 'elasticloadbalancing',
  opensearch: 'opensearchservice',
  lambda_: 'lambda',
  _lambda: 'lambda',
  awslambda: 'lambda',
  es: 'elasticsearch',
};

/**
 * CloudFormation spellings that are not the camelCase name capitalised (jsii lowercases acronyms:
 * `MultiAZ` is `multiAz`). `db...` → `DB...` is a rule below: every RDS property spells it so.
 */
const cfnKeyExceptions: Readonly<Record<string, string>> = {
  multiAz: 'MultiAZ',
  multiAzEnabled: 'MultiAZEnabled',
  azMode: 'AZMode',
  ebsOptions: 'EBSOptions',
  vpcSecurityGroups: 'VPCSecurityGroups',
  enableIamDatabaseAuthentication: 'EnableIAMDatabaseAuthentication',
};

/** `db_instance_class` → `dbInstanceClass` (Python keyword arguments; camelCase stays as it is). */
function camelOf(key: string): string {
  return key.replace(/_+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Pulumi classic (TS camelCase, Python snake_case) → the Terraform attribute name. */
export function terraformKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** CDK L1 (TS camelCase, Python snake_case) → the CloudFormation property name. */
export function cloudFormationKey(key: string): string {
  const camel = camelOf(key);
  const known = cfnKeyExceptions[camel];
  if (known) return known;
  if (/^db[A-Z]/.test(camel)) return `DB${camel.slice(2)}`;
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

// --- values -----------------------------------------------------------------------------------

interface ValEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: Val;
}

/** A value as written in code: a literal, a container, or code (tokens [from, to)) that runs at deploy time. */
type Val =
  | { kind: 'str'; start: number; end: number; value: string }
  | { kind: 'atom'; start: number; end: number; value: string }
  | { kind: 'map'; start: number; end: number; entries: ValEntry[] }
  | { kind: 'list'; start: number; end: number; items: Val[] }
  | { kind: 'code'; start: number; end: number; from: number; to: number };

interface Call {
  /** The dotted chain before `(`, as written: `aws.rds.Instance`, `cluster.addNodegroupCapacity`. */
  callee: string;
  /** Token index of the chain's first token and of the brackets. */
  from: number;
  open: number;
  close: number;
  /** Offset of `new` or the chain. */
  at: number;
}

const notResourceCallee =
  /(?:^|\.)(?:InstanceType|InstanceClass|InstanceSize|of|Environment|Provider|Config|Stack|App|Duration|Tags|Fn|Lazy|Token|get|getenv|require|dict|list)$/;

/**
 * The label program.ts's `resourceLabel` gives sizes inside this call (kept in step with it: the
 * join between sizes and resources is by this string). Undefined: not a construct.
 */
function labelOf(callee: string, name: string | undefined): string | undefined {
  if (notResourceCallee.test(callee)) return undefined;
  if (/(?:^|\.)[A-Z][A-Za-z0-9]*$/.test(callee)) return name !== undefined ? `${callee} "${name}"` : callee;
  if (/(?:^|\.)add[A-Z]\w*$/.test(callee) && name !== undefined) return `${callee} "${name}"`;
  return undefined;
}

class CodeReader {
  readonly tokens: CodeToken[];
  /** For each opening bracket, the index of its closer (or the end, in broken code). */
  private readonly closer: number[];

  constructor(
    readonly text: string,
    readonly language: CodeLanguage,
  ) {
    this.tokens = tokenizeCode(text, language);
    this.closer = new Array<number>(this.tokens.length).fill(-1);
    const stack: number[] = [];
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    this.tokens.forEach((t, i) => {
      if (t.kind !== 'punct') return;
      if (t.value === '(' || t.value === '[' || t.value === '{') stack.push(i);
      else if (pairs[t.value]) {
        let k = stack.length - 1;
        while (k >= 0 && this.tokens[stack[k]!]!.value !== pairs[t.value]) k--;
        if (k < 0) return;
        for (const open of stack.splice(k)) this.closer[open] = i;
      }
    });
    for (const open of stack) this.closer[open] = this.tokens.length;
  }

  isPunct(i: number, v: string): boolean {
    const t = this.tokens[i];
    return t?.kind === 'punct' && t.value === v;
  }

  close(open: number): number {
    return this.closer[open]! < 0 ? this.tokens.length : this.closer[open]!;
  }

  /** The first token after `from` (up to `limit`) that ends a value: `,` or a closer, at depth 0. */
  valueEnd(from: number, limit: number): number {
    let i = from;
    while (i < limit) {
      const t = this.tokens[i]!;
      if (t.kind === 'punct') {
        if (t.value === ',' || t.value === ')' || t.value === ']' || t.value === '}') return i;
        if (t.value === '(' || t.value === '[' || t.value === '{') {
          i = this.close(i) + 1;
          continue;
        }
      }
      i++;
    }
    return limit;
  }

  /** The dotted chain ending at id token `i`, as program.ts reads it. */
  chainBack(i: number): { chain: string; from: number } {
    let from = i;
    while (from >= 2 && this.isPunct(from - 1, '.') && this.tokens[from - 2]!.kind === 'id') from -= 2;
    return {
      chain: this.tokens
        .slice(from, i + 1)
        .map((t) => t.value)
        .join(''),
      from,
    };
  }

  /** The construct's id, exactly as program.ts's `firstStringArg` finds it. */
  firstStringArg(open: number): string | undefined {
    for (let j = open + 1; j < Math.min(this.tokens.length, open + 5); j++) {
      const t = this.tokens[j]!;
      if (t.kind === 'str') return t.value;
      if (t.kind === 'punct' && t.value !== ',') break;
    }
    return undefined;
  }

  private fString(t: CodeToken): boolean {
    if (this.language !== 'python') return false;
    for (let p = t.start - 2; p >= Math.max(0, t.start - 3); p--) {
      const c = this.text[p]!;
      if (c === 'f' || c === 'F') return true;
      if (!/[rRbBuU]/.test(c)) return false;
    }
    return false;
  }

  /** The value in tokens [from, to); undefined when empty or `None`/`null`/`undefined` (not set). */
  value(from: number, to: number, depth = 0): Val | undefined {
    if (to <= from) return undefined;
    const first = this.tokens[from]!;
    const last = this.tokens[to - 1]!;
    const code: Val = { kind: 'code', start: first.start, end: last.end, from, to };
    // Deeper than the tree parsers go: unknown, rather than a stack overflow in estimate.
    if (depth >= maxTreeDepth) return code;
    if (to === from + 1) {
      if (first.kind === 'str')
        return first.text || (this.fString(first) && first.value.includes('{'))
          ? code
          : { kind: 'str', start: first.start, end: first.end, value: first.value };
      if (first.kind === 'num') return { kind: 'atom', start: first.start, end: first.end, value: first.value };
      if (first.kind === 'id') {
        if (/^(true|True)$/.test(first.value)) return { kind: 'atom', start: first.start, end: first.end, value: 'true' };
        if (/^(false|False)$/.test(first.value)) return { kind: 'atom', start: first.start, end: first.end, value: 'false' };
        if (/^(null|undefined|None)$/.test(first.value)) return undefined;
      }
      return code;
    }
    if (to === from + 2 && this.isPunct(from, '-') && last.kind === 'num') return { kind: 'atom', start: first.start, end: last.end, value: `-${last.value}` };
    if (this.isPunct(from, '{') && this.close(from) === to - 1) return this.object(from, depth + 1);
    if (this.isPunct(from, '[') && this.close(from) === to - 1) return this.list(from, depth + 1);
    // Python structs (`opensearch.CapacityConfig(data_nodes=2)`, `aws.rds.InstanceArgs(...)`) are maps.
    if (this.language === 'python' && first.kind === 'id' && this.isPunct(to - 1, ')')) {
      let k = from;
      while (k + 2 < to && this.isPunct(k + 1, '.') && this.tokens[k + 2]!.kind === 'id') k += 2;
      if (this.isPunct(k + 1, '(') && this.close(k + 1) === to - 1 && /^[A-Z]/.test(this.tokens[k]!.value)) {
        const args = this.args(k + 1, depth + 1);
        if (args.positional.length === 0 && args.keywords.length > 0) return { kind: 'map', start: first.start, end: last.end, entries: args.keywords };
      }
    }
    return code;
  }

  /** A JS object literal or a Python dict; spreads, methods and computed keys are skipped. */
  private object(open: number, depth: number): Val {
    const close = this.close(open);
    const entries: ValEntry[] = [];
    let j = open + 1;
    while (j < close) {
      const end = this.valueEnd(j, close);
      const key = this.tokens[j]!;
      if ((key.kind === 'id' || key.kind === 'str' || key.kind === 'num') && this.isPunct(j + 1, ':')) {
        const value = this.value(j + 2, end, depth);
        if (value) entries.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value });
      } else if (key.kind === 'id' && end === j + 1 && this.language === 'js') {
        // Shorthand `{ vpc }`: a variable, so present but computed.
        entries.push({ key: key.value, keyStart: key.start, keyEnd: key.end, value: { kind: 'code', start: key.start, end: key.end, from: j, to: j + 1 } });
      }
      j = end + 1;
    }
    return { kind: 'map', start: this.tokens[open]!.start, end: this.tokens[Math.min(close, this.tokens.length - 1)]!.end, entries };
  }

  private list(open: number, depth: number): Val {
    const close = this.close(open);
    const items: Val[] = [];
    let j = open + 1;
    while (j < close) {
      const end = this.valueEnd(j, close);
      const v = this.value(j, end, depth);
      if (v) items.push(v);
      j = end + 1;
    }
    return { kind: 'list', start: this.tokens[open]!.start, end: this.tokens[Math.min(close, this.tokens.length - 1)]!.end, items };
  }

  /** A call's arguments: positional values, and Python keyword arguments (`key=value`). */
  args(open: number, depth = 0): { positional: Val[]; keywords: ValEntry[] } {
    const close = this.close(open);
    const positional: Val[] = [];
    const keywords: ValEntry[] = [];
    let j = open + 1;
    while (j < close) {
      const end = this.valueEnd(j, close);
      const t = this.tokens[j]!;
      if (this.language === 'python' && t.kind === 'id' && this.isPunct(j + 1, '=') && !this.isPunct(j + 2, '=')) {
        const value = this.value(j + 2, end, depth);
        if (value) keywords.push({ key: t.value, keyStart: t.start, keyEnd: t.end, value });
      } else if (!this.isPunct(j, '*')) {
        const value = this.value(j, end, depth);
        if (value) positional.push(value);
      }
      j = end + 1;
    }
    return { positional, keywords };
  }

  /** Every call `chain(...)` in the file, outermost first. */
  calls(): Call[] {
    const out: Call[] = [];
    for (let i = 1; i < this.tokens.length; i++) {
      if (!this.isPunct(i, '(') || this.tokens[i - 1]!.kind !== 'id') continue;
      const { chain, from } = this.chainBack(i - 1);
      const before = this.tokens[from - 1];
      // `def f(`, `class S(cdk.Stack)`, `function f(`: declarations, not calls.
      if (before?.kind === 'id' && /^(def|class|function)$/.test(before.value)) continue;
      const at = before?.kind === 'id' && before.value === 'new' ? before.start : this.tokens[from]!.start;
      out.push({ callee: chain, from, open: i, close: this.close(i), at });
    }
    return out;
  }

  /** The ids of a pure dotted chain `a.B.C` (an enum member, a variable), else undefined. */
  chainOf(v: Val | undefined): string[] | undefined {
    if (v?.kind !== 'code') return undefined;
    const ids: string[] = [];
    for (let k = v.from; k < v.to; k++) {
      const t = this.tokens[k]!;
      if ((k - v.from) % 2 === 0 ? t.kind !== 'id' : !this.isPunct(k, '.')) return undefined;
      if (t.kind === 'id') ids.push(t.value);
    }
    return ids.length > 0 && (v.to - v.from) % 2 === 1 ? ids : undefined;
  }

  /** `Holder.member` written as a chain ending in `<holder>.<member>` (`ec2.EbsDeviceVolumeType.GP3`). */
  enumMember(v: Val | undefined, holder: string): string | undefined {
    const ids = this.chainOf(v);
    return ids && ids.length >= 2 && ids[ids.length - 2] === holder ? ids[ids.length - 1] : undefined;
  }

  /** `...<holder>.<member>(...)` or `...<holder>.<member>` as the whole value: the member. */
  memberCall(v: Val | undefined, holder: string): string | undefined {
    if (v?.kind !== 'code') return undefined;
    for (let k = v.from; k + 2 < v.to; k++) {
      if (this.tokens[k]!.value !== holder || !this.isPunct(k + 1, '.') || this.tokens[k + 2]!.kind !== 'id') continue;
      const after = k + 3;
      if (after === v.to || (this.isPunct(after, '(') && this.close(after) === v.to - 1)) return this.tokens[k + 2]!.value;
    }
    return undefined;
  }

  /** `Size.gibibytes(100)` / `Size.tebibytes(1)` → GiB; other units and computed amounts: undefined. */
  gibibytes(v: Val | undefined): number | undefined {
    if (v?.kind !== 'code') return undefined;
    const n = v.to - v.from;
    const unit = this.tokens[v.to - 4];
    const amount = this.tokens[v.to - 2];
    if (
      n < 6 ||
      this.tokens[v.to - 6]?.value !== 'Size' ||
      !this.isPunct(v.to - 5, '.') ||
      !this.isPunct(v.to - 3, '(') ||
      !this.isPunct(v.to - 1, ')') ||
      amount?.kind !== 'num'
    )
      return undefined;
    if (!/^\d+$/.test(amount.value)) return undefined;
    if (unit?.value === 'gibibytes') return Number(amount.value);
    if (unit?.value === 'tebibytes') return Number(amount.value) * 1024;
    return undefined;
  }
}

// --- tree building ----------------------------------------------------------------------------

function scalar(value: string, at: { start: number; end: number }, literal = true): TreeScalar {
  return { type: 'scalar', start: at.start, end: at.end, value, literal, quoted: literal };
}

/** A Val as the loose tree the models read, keys renamed to the target format's. */
function treeOf(v: Val, rename: (key: string) => string): TreeNode {
  switch (v.kind) {
    case 'str':
      return scalar(v.value, v);
    case 'atom':
      // Numbers and booleans: not string literals, but atoms `literalOf` reads (as HCL's `true`).
      return scalar(v.value, v, false);
    case 'map':
      return {
        type: 'map',
        start: v.start,
        end: v.end,
        entries: v.entries.map((e) => ({ key: rename(e.key), keyStart: e.keyStart, keyEnd: e.keyEnd, value: treeOf(e.value, rename) })),
      };
    case 'list':
      return { type: 'list', start: v.start, end: v.end, items: v.items.map((i) => treeOf(i, rename)) };
    case 'code':
      return { type: 'expr', start: v.start, end: v.end, parts: [] };
  }
}

function mapOf(entries: TreeEntry[], at: { start: number; end: number }): TreeMap {
  return { type: 'map', start: at.start, end: at.end, entries };
}

/** The construct's properties: Python keyword arguments, plus the object / dict / struct argument. */
function propsOf(reader: CodeReader, call: Call): ValEntry[] {
  // Parsed only for constructs: most calls in a program are not.
  const { positional, keywords } = reader.args(call.open);
  const entries = [...keywords.filter((e) => !['opts', 'args', 'scope', 'id', 'resource_name'].includes(e.key))];
  const args = keywords.find((e) => e.key === 'args')?.value;
  const map = [args, ...positional].find((v) => v?.kind === 'map');
  if (map?.kind === 'map') entries.push(...map.entries);
  return entries;
}

// --- CDK L2 -----------------------------------------------------------------------------------

type Props = ReadonlyMap<string, ValEntry>;

const rdsEngineMembers: Readonly<Record<string, string>> = {
  postgres: 'postgres',
  mysql: 'mysql',
  mariadb: 'mariadb',
  oraclese2: 'oracle-se2',
  oraclese2cdb: 'oracle-se2-cdb',
  oraclese1: 'oracle-se1',
  oraclese: 'oracle-se',
  oracleee: 'oracle-ee',
  oracleeecdb: 'oracle-ee-cdb',
  sqlserveree: 'sqlserver-ee',
  sqlserverse: 'sqlserver-se',
  sqlserverex: 'sqlserver-ex',
  sqlserverweb: 'sqlserver-web',
};

const ebsVolumeTypes: Readonly<Record<string, string>> = {
  STANDARD: 'standard',
  MAGNETIC: 'standard',
  IO1: 'io1',
  PROVISIONED_IOPS_SSD: 'io1',
  IO2: 'io2',
  PROVISIONED_IOPS_SSD_IO2: 'io2',
  GP2: 'gp2',
  GENERAL_PURPOSE_SSD: 'gp2',
  GP3: 'gp3',
  GENERAL_PURPOSE_SSD_GP3: 'gp3',
  ST1: 'st1',
  THROUGHPUT_OPTIMIZED_HDD: 'st1',
  SC1: 'sc1',
  COLD_HDD: 'sc1',
};

class L2Builder {
  readonly entries: TreeEntry[] = [];

  constructor(
    private readonly reader: CodeReader,
    private readonly props: Props,
    private readonly call: Call,
  ) {}

  private get span(): { start: number; end: number } {
    const t = this.reader.tokens;
    return { start: t[this.call.from]!.start, end: t[Math.min(this.call.close, t.length - 1)]!.end };
  }

  get(key: string): ValEntry | undefined {
    return this.props.get(key);
  }

  /** `key` → the CloudFormation path, the value as written (a literal or computed). */
  copy(key: string, path: string): void {
    const e = this.props.get(key);
    if (e) this.put(path, treeOf(e.value, cloudFormationKey), e);
  }

  /** An enum member (`ec2.EbsDeviceVolumeType.GP3`) through `values`; a literal as written; anything else computed. */
  copyEnum(key: string, path: string, holder: string, values: (member: string) => string | undefined): void {
    const e = this.props.get(key);
    if (!e) return;
    const member = this.reader.enumMember(e.value, holder);
    const mapped = member !== undefined ? values(member) : undefined;
    this.put(path, mapped !== undefined ? scalar(mapped, e.value) : treeOf(e.value, cloudFormationKey), e);
  }

  /** A value CDK synthesizes itself (a fixed type, a documented default). */
  fixed(path: string, value: string): void {
    this.put(path, scalar(value, this.span), { keyStart: this.span.start, keyEnd: this.span.start });
  }

  put(path: string, node: TreeNode, at: { keyStart: number; keyEnd: number }): void {
    const parts = path.split('.');
    let entries = this.entries;
    for (const part of parts.slice(0, -1)) {
      let e = entries.find((x) => x.key === part);
      if (!e || e.value?.type !== 'map') {
        e = { key: part, keyStart: at.keyStart, keyEnd: at.keyEnd, value: mapOf([], this.span) };
        entries.push(e);
      }
      entries = (e.value as TreeMap).entries;
    }
    entries.push({ key: parts[parts.length - 1]!, keyStart: at.keyStart, keyEnd: at.keyEnd, value: node });
  }
}

/** Marks an image name read from CDK code (not a literal the template holds). */
export const cdkImageTag = '!CdkImage';

/** The image a CDK `machineImage` expression names, when it says one: a WindowsVersion member, a latest* helper, an SSM path. */
function cdkImageName(code: string): string | undefined {
  const windows = /WindowsVersion\.([A-Z0-9_]+)/.exec(code);
  if (windows) return windows[1];
  if (/latestWindows/.test(code)) return 'Windows';
  const ssm = /fromSsmParameter\(\s*['"]([^'"]+)['"]/.exec(code);
  if (ssm) return ssm[1];
  const latest = /latest(AmazonLinux\w*)/.exec(code);
  return latest ? latest[1] : undefined;
}

/** L2 constructs by module.Class (and CDK's `addNodegroupCapacity` method): the CloudFormation they synthesize. */
const cdkL2: Readonly<Record<string, (b: L2Builder, reader: CodeReader) => string>> = {
  'ec2.Instance': (b, reader) => {
    b.copy('instanceType', 'InstanceType');
    const image = b.get('machineImage');
    if (image) {
      // The image CDK resolves at synth: its name says the OS (`MachineImage.latestWindows(WindowsVersion.
      // WINDOWS_SERVER_2022_ENGLISH_FULL_SQL_2022_STANDARD)`, `latestAmazonLinux2023()`, `fromSsmParameter('/aws/service/...')`).
      const name = cdkImageName(reader.text.slice(image.value.start, image.value.end));
      b.put('ImageId', name ? { ...scalar(name, image.value), tag: cdkImageTag } : treeOf(image.value, cloudFormationKey), image);
    }
    return 'AWS::EC2::Instance';
  },
  'rds.DatabaseInstance': (b, reader) => rdsInstance(b, reader),
  'rds.DatabaseInstanceFromSnapshot': (b, reader) => rdsInstance(b, reader),
  'opensearchservice.Domain': (b) => searchDomain(b, 'AWS::OpenSearchService::Domain'),
  'elasticsearch.Domain': (b) => searchDomain(b, 'AWS::Elasticsearch::Domain'),
  'eks.Cluster': () => 'AWS::EKS::Cluster',
  'eks.Nodegroup': (b) => nodegroup(b),
  'ec2.Volume': (b, reader) => {
    const size = b.get('size');
    if (size) {
      const gib = reader.gibibytes(size.value);
      b.put('Size', gib !== undefined ? scalar(String(gib), size.value, false) : treeOf(size.value, cloudFormationKey), size);
    }
    b.copyEnum('volumeType', 'VolumeType', 'EbsDeviceVolumeType', (m) => ebsVolumeTypes[m]);
    b.copy('iops', 'Iops');
    b.copy('throughput', 'Throughput');
    return 'AWS::EC2::Volume';
  },
  'lambda.Function': (b, reader) => {
    b.copy('memorySize', 'MemorySize');
    const arch = b.get('architecture');
    if (arch) {
      const member = reader.enumMember(arch.value, 'Architecture');
      const value = member === 'ARM_64' ? 'arm64' : member === 'X86_64' ? 'x86_64' : undefined;
      b.put(
        'Architectures',
        value ? { type: 'list', start: arch.value.start, end: arch.value.end, items: [scalar(value, arch.value)] } : treeOf(arch.value, cloudFormationKey),
        arch,
      );
    }
    return 'AWS::Lambda::Function';
  },
  'elasticloadbalancingv2.ApplicationLoadBalancer': (b) => loadBalancer(b, 'application'),
  'elasticloadbalancingv2.NetworkLoadBalancer': (b) => loadBalancer(b, 'network'),
};

function rdsInstance(b: L2Builder, reader: CodeReader): string {
  b.copy('instanceType', 'DBInstanceClass');
  const engine = b.get('engine');
  if (engine) {
    // `DatabaseInstanceEngine.postgres({...})`, `.POSTGRES`, Python `.maria_db(...)`: the engine is the member's name.
    const member = reader.memberCall(engine.value, 'DatabaseInstanceEngine');
    const mapped = member !== undefined ? rdsEngineMembers[member.replace(/_/g, '').toLowerCase()] : undefined;
    b.put('Engine', mapped ? scalar(mapped, engine.value) : treeOf(engine.value, cloudFormationKey), engine);
  }
  b.copy('multiAz', 'MultiAZ');
  // CDK's own default (the CloudFormation property has none): 100 GiB.
  if (b.get('allocatedStorage')) b.copy('allocatedStorage', 'AllocatedStorage');
  else b.fixed('AllocatedStorage', '100');
  b.copyEnum('licenseModel', 'LicenseModel', 'LicenseModel', (m) => m.toLowerCase().replace(/_/g, '-'));
  b.copyEnum('storageType', 'StorageType', 'StorageType', (m) => m.toLowerCase());
  b.copy('iops', 'Iops');
  return 'AWS::RDS::DBInstance';
}

function searchDomain(b: L2Builder, type: string): string {
  const capacity = b.get('capacity');
  if (capacity?.value.kind === 'map') {
    const c = new Map(capacity.value.entries.map((e) => [camelOf(e.key), e]));
    const put = (key: string, path: string): void => {
      const e = c.get(key);
      if (e) b.put(path, treeOf(e.value, cloudFormationKey), e);
    };
    put('dataNodeInstanceType', 'ClusterConfig.InstanceType');
    put('dataNodes', 'ClusterConfig.InstanceCount');
    put('masterNodeInstanceType', 'ClusterConfig.DedicatedMasterType');
    put('masterNodes', 'ClusterConfig.DedicatedMasterCount');
    const masters = c.get('masterNodes');
    if (masters) {
      // CDK turns dedicated masters on when masterNodes > 0.
      const v = masters.value;
      b.put(
        'ClusterConfig.DedicatedMasterEnabled',
        v.kind === 'atom' ? scalar(/^0+$/.test(v.value) ? 'false' : 'true', v, false) : treeOf(v, cloudFormationKey),
        masters,
      );
    }
  } else if (capacity) {
    b.put('ClusterConfig', treeOf(capacity.value, cloudFormationKey), capacity);
  }
  // CDK gives every domain EBS storage (10 GiB gp2 per node) unless `ebs: {enabled: false}`.
  const ebs = b.get('ebs');
  const disabled = ebs?.value.kind === 'map' && ebs.value.entries.some((e) => e.key === 'enabled' && e.value.kind === 'atom' && e.value.value === 'false');
  if (ebs && !disabled) b.put('EBSOptions', treeOf(ebs.value, cloudFormationKey), ebs);
  else if (!ebs) b.fixed('EBSOptions', 'default');
  return type;
}

function nodegroup(b: L2Builder): string {
  b.copy('instanceTypes', 'InstanceTypes');
  const single = b.get('instanceType');
  if (single && !b.get('instanceTypes'))
    b.put('InstanceTypes', { type: 'list', start: single.value.start, end: single.value.end, items: [treeOf(single.value, cloudFormationKey)] }, single);
  b.copy('desiredSize', 'ScalingConfig.DesiredSize');
  b.copy('minSize', 'ScalingConfig.MinSize');
  b.copy('maxSize', 'ScalingConfig.MaxSize');
  b.copyEnum('capacityType', 'CapacityType', 'CapacityType', (m) => m);
  b.copyEnum('amiType', 'AmiType', 'NodegroupAmiType', (m) => m);
  return 'AWS::EKS::Nodegroup';
}

function loadBalancer(b: L2Builder, kind: string): string {
  b.fixed('Type', kind);
  const facing = b.get('internetFacing');
  if (!facing) b.fixed('Scheme', 'internal');
  else if (facing.value.kind === 'atom') b.put('Scheme', scalar(facing.value.value === 'true' ? 'internet-facing' : 'internal', facing.value), facing);
  else b.put('Scheme', treeOf(facing.value, cloudFormationKey), facing);
  return 'AWS::ElasticLoadBalancingV2::LoadBalancer';
}

// --- imports ----------------------------------------------------------------------------------

/** `aws-cdk-lib/aws-ec2`, `@aws-cdk/aws-ec2`, `aws_cdk.aws_ec2`, `aws_ec2` → `ec2`. */
function cdkModuleName(spec: string): string {
  return spec
    .replace(/^(?:aws-cdk-lib\/|@aws-cdk\/|aws_cdk\.)/, '')
    .replace(/^aws[-_]/, '')
    .replace(/[-_]/g, '')
    .toLowerCase();
}

/** Names bound by `{ a, b as c }` / `a, b as c` import lists: local name → imported name. */
function importList(list: string): [string, string][] {
  return list
    .split(',')
    .map((s) => s.replace(/\btype\b/, '').trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(s);
      return m ? ([m[2] ?? m[1]!, m[1]!] as [string, string]) : undefined;
    })
    .filter((x): x is [string, string] => x !== undefined);
}

interface CdkImports {
  /** Local alias → module (`ec2` → `ec2`, `elbv2` → `elasticloadbalancingv2`). */
  modules: Map<string, string>;
  /** Class imported by name → its module (`DatabaseInstance` → `rds`). */
  classes: Map<string, string>;
  /** CDK for Terraform: classes imported by name → their Terraform type (`DbInstance` → `aws_db_instance`). */
  terraformClasses: Map<string, string>;
  /** CDK for Terraform: local names of the provider package and of its modules (`aws`, `dbInstance`). */
  terraformPackages: Set<string>;
  terraformModules: Set<string>;
}

function cdkImports(text: string): CdkImports {
  const modules = new Map<string, string>();
  const classes = new Map<string, string>();
  const lib = String.raw`(?:aws-cdk-lib\/aws-[\w-]+|@aws-cdk\/aws-[\w-]+)`;
  for (const m of text.matchAll(new RegExp(String.raw`import\s+\*\s+as\s+([\w$]+)\s+from\s+['"](${lib})['"]`, 'g'))) modules.set(m[1]!, cdkModuleName(m[2]!));
  for (const m of text.matchAll(new RegExp(String.raw`(?:const|let|var)\s+([\w$]+)\s*=\s*require\(\s*['"](${lib})['"]\s*\)`, 'g')))
    modules.set(m[1]!, cdkModuleName(m[2]!));
  for (const m of text.matchAll(new RegExp(String.raw`import\s*\{([^}]*)\}\s*from\s+['"](${lib})['"]`, 'g')))
    for (const [local, name] of importList(m[1]!)) classes.set(local, cdkModuleName(m[2]!) + '.' + name);
  // `import { aws_ec2 as ec2 } from 'aws-cdk-lib'`; Python `from aws_cdk import aws_ec2 as ec2, (...)`.
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s+['"]aws-cdk-lib['"]|from\s+aws_cdk\s+import\s+(\([^)]*\)|[^\n]*)/g)) {
    for (const [local, name] of importList((m[1] ?? m[2]!).replace(/[()]/g, '').replace(/#[^\n]*/g, '')))
      if (/^aws_/.test(name)) modules.set(local, cdkModuleName(name));
  }
  for (const m of text.matchAll(/import\s+aws_cdk\.(aws_\w+)(?:\s+as\s+(\w+))?/g)) modules.set(m[2] ?? `aws_cdk.${m[1]!}`, cdkModuleName(m[1]!));
  for (const m of text.matchAll(/from\s+aws_cdk\.(aws_\w+)\s+import\s+(\([^)]*\)|[^\n]*)/g))
    for (const [local, name] of importList(m[2]!.replace(/[()]/g, '').replace(/#[^\n]*/g, ''))) classes.set(local, `${cdkModuleName(m[1]!)}.${name}`);
  // CDK for Terraform's AWS provider: `@cdktf/provider-aws/lib/db-instance`, Python `cdktf_cdktf_provider_aws.db_instance`.
  const terraformClasses = new Map<string, string>();
  const terraformPackages = new Set<string>();
  const terraformModules = new Set<string>();
  for (const m of text.matchAll(
    /import\s*\{([^}]*)\}\s*from\s+['"]@cdktf\/provider-aws\/lib\/([\w-]+)['"]|from\s+cdktf_cdktf_provider_aws\.(\w+)\s+import\s+(\([^)]*\)|[^\n]*)/g,
  )) {
    const type = `aws_${(m[2] ?? m[3]!).replace(/-/g, '_')}`;
    for (const [local] of importList((m[1] ?? m[4]!).replace(/[()]/g, '').replace(/#[^\n]*/g, ''))) terraformClasses.set(local, type);
  }
  for (const m of text.matchAll(/import\s+\*\s+as\s+([\w$]+)\s+from\s+['"]@cdktf\/provider-aws['"]|^\s*import\s+cdktf_cdktf_provider_aws(?:\s+as\s+(\w+))?/gm))
    terraformPackages.add(m[1] ?? m[2] ?? 'cdktf_cdktf_provider_aws');
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s+['"]@cdktf\/provider-aws['"]|from\s+cdktf_cdktf_provider_aws\s+import\s+(\([^)]*\)|[^\n]*)/g)) {
    for (const [local] of importList((m[1] ?? m[2]!).replace(/[()]/g, '').replace(/#[^\n]*/g, ''))) terraformModules.add(local);
  }
  return { modules, classes, terraformClasses, terraformPackages, terraformModules };
}

/** A CDK for Terraform class's Terraform type: `DbInstance`, `aws.dbInstance.DbInstance`, `db_instance.DbInstance`. */
function cdktfTypeOf(callee: string, imports: CdkImports): string | undefined {
  const parts = callee.split('.');
  if (parts.length === 1) return imports.terraformClasses.get(parts[0]!);
  const module = parts[parts.length - 2]!;
  const prefix = parts.slice(0, -2).join('.');
  const known = prefix === '' ? imports.terraformModules.has(module) : imports.terraformPackages.has(prefix);
  return known ? `aws_${terraformKey(module)}` : undefined;
}

/** `module.Class` for a CDK callee, or undefined when it is not one of aws-cdk-lib's. */
function cdkClassOf(callee: string, imports: CdkImports): string | undefined {
  const parts = callee.split('.');
  const cls = parts[parts.length - 1]!;
  if (parts.length === 1) return imports.classes.get(cls);
  const alias = parts[parts.length - 2]!;
  const prefix = parts.slice(0, -2);
  const fromImport = imports.modules.get(parts.slice(0, -1).join('.')) ?? imports.modules.get(alias);
  // `cdk.aws_ec2.Instance`, `aws_cdk.aws_ec2.Instance`: the module is spelled out.
  if (prefix.length > 0 && !/^aws_/.test(alias)) return undefined;
  const module = fromImport ?? cdkModuleAliases[alias] ?? cdkModuleName(alias);
  return `${module}.${cls}`;
}

/** Local names bound to `@pulumi/aws` / `pulumi_aws`, and its modules imported by name. */
function pulumiImports(text: string): { aliases: Set<string>; modules: Set<string> } {
  const aliases = new Set<string>();
  const modules = new Set<string>();
  for (const m of text.matchAll(
    /import\s+(?:\*\s+as\s+)?([\w$]+)\s+from\s+['"]@pulumi\/aws['"]|(?:const|let|var)\s+([\w$]+)\s*=\s*require\(\s*['"]@pulumi\/aws['"]\s*\)|^\s*import\s+pulumi_aws(?:\s+as\s+(\w+))?/gm,
  )) {
    aliases.add(m[1] ?? m[2] ?? m[3] ?? 'pulumi_aws');
  }
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s+['"]@pulumi\/aws['"]|from\s+pulumi_aws\s+import\s+(\([^)]*\)|[^\n]*)/g)) {
    for (const [local] of importList((m[1] ?? m[2]!).replace(/[()]/g, '').replace(/#[^\n]*/g, ''))) modules.add(local);
  }
  return { aliases, modules };
}

/** The Terraform type of a Pulumi callee (`aws.rds.Instance`, Python `aws.lambda_.Function`). */
function pulumiTypeOf(callee: string, imports: { aliases: Set<string>; modules: Set<string> }): string | undefined {
  const parts = callee.split('.');
  if (parts.length < 2) return undefined;
  const module = parts[parts.length - 2]!.replace(/_$/, '');
  const type = pulumiTypes[`${module}.${parts[parts.length - 1]!}`];
  if (!type) return undefined;
  const prefix = parts.slice(0, -2).join('.');
  if (prefix === '') return type;
  // Another provider's `gcp.compute.Instance`, or `@pulumi/aws-native`'s classes: not these.
  if (imports.aliases.has(prefix) || (imports.aliases.size === 0 && prefix === 'aws')) return type;
  return undefined;
}

// --- the readers ------------------------------------------------------------------------------

function codeResources(text: string, format: 'cdk' | 'pulumi', language: CodeLanguage, findings: readonly IacFinding[]): ProgramResource[] {
  const reader = new CodeReader(text, language);
  const cdk = format === 'cdk' ? cdkImports(text) : undefined;
  const pulumi = format === 'pulumi' ? pulumiImports(text) : undefined;
  const found: { call: Call; name: string; start: number; end: number; type?: string; props?: TreeMap }[] = [];
  for (const call of reader.calls()) {
    const name = labelOf(call.callee, reader.firstStringArg(call.open));
    if (name === undefined) continue;
    const span = { start: reader.tokens[call.from]!.start, end: reader.tokens[Math.min(call.close, reader.tokens.length - 1)]!.end };
    const entries = propsOf(reader, call);
    let type: string | undefined;
    let props: TreeMap | undefined;
    if (pulumi) {
      type = pulumiTypeOf(call.callee, pulumi);
      if (type)
        props = {
          type: 'map',
          start: span.start,
          end: span.end,
          entries: entries.map((e) => ({ key: terraformKey(e.key), keyStart: e.keyStart, keyEnd: e.keyEnd, value: treeOf(e.value, terraformKey) })),
        };
    } else if (cdk && cdktfTypeOf(call.callee, cdk)) {
      type = cdktfTypeOf(call.callee, cdk);
      props = {
        type: 'map',
        start: span.start,
        end: span.end,
        entries: entries.map((e) => ({ key: terraformKey(e.key), keyStart: e.keyStart, keyEnd: e.keyEnd, value: treeOf(e.value, terraformKey) })),
      };
    } else if (cdk) {
      const cls = /(?:^|\.)addNodegroupCapacity$/.test(call.callee) ? 'eks.Nodegroup' : cdkClassOf(call.callee, cdk);
      const l1 = cls ? cdkL1Types[cls] : undefined;
      const l2 = cls ? cdkL2[cls] : undefined;
      if (l1) {
        type = l1;
        props = {
          type: 'map',
          start: span.start,
          end: span.end,
          entries: entries.map((e) => ({ key: cloudFormationKey(e.key), keyStart: e.keyStart, keyEnd: e.keyEnd, value: treeOf(e.value, cloudFormationKey) })),
        };
      } else if (l2) {
        const b = new L2Builder(reader, new Map(entries.map((e) => [camelOf(e.key), e])), call);
        type = l2(b, reader);
        props = mapOf(b.entries, span);
      }
    }
    found.push({ call, name, ...span, ...(type ? { type } : {}), ...(props ? { props } : {}) });
  }
  // Each size belongs to the innermost construct around it that it is labelled with; a size labelled
  // with an unnamed struct call (Python `opensearch.CapacityConfig(...)`) belongs to the resource outside it.
  type Found = (typeof found)[number];
  const typed = found.filter((c) => c.type);
  const byName = new Map<string, Found[]>();
  for (const c of found) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  const innermost = (cs: readonly Found[] | undefined, f: IacFinding): Found | undefined => {
    let best: Found | undefined;
    for (const c of cs ?? []) if (c.start <= f.offsets.start && f.offsets.end <= c.end && (!best || c.start >= best.start)) best = c;
    return best;
  };
  const own = new Map<Found, IacFinding[]>();
  for (const f of findings) {
    if (!f.resource) continue;
    const pick = f.resource.includes('"') ? innermost(byName.get(f.resource), f) : (innermost(typed, f) ?? innermost(byName.get(f.resource), f));
    if (!pick) continue;
    own.set(pick, [...(own.get(pick) ?? []), f]);
  }
  const out: ProgramResource[] = [];
  for (const c of found) {
    const mine = own.get(c) ?? [];
    // A named construct the tables do not know is listed only when it deploys a size (so estimate says it
    // is not modelled yet); an output (`CfnOutput`) only names one, and unnamed calls are structs or helpers.
    if (!c.type && (!mine.some((f) => f.role !== 'option') || !c.name.includes('"'))) continue;
    out.push({ name: c.name, type: c.type ?? c.call.callee, at: c.call.at, props: c.props ?? mapOf([], c), findings: mine });
  }
  return out;
}

/** Pulumi YAML: `${x}` interpolations and `fn::` calls are computed; keys go to the Terraform names. */
function pulumiTree(node: TreeNode): TreeNode {
  switch (node.type) {
    case 'scalar':
      return node.value.includes('${') || node.tag ? { type: 'expr', start: node.start, end: node.end, parts: [] } : node;
    case 'map':
      if (node.entries.some((e) => e.key.startsWith('fn::'))) return { type: 'expr', start: node.start, end: node.end, parts: [] };
      return { ...node, entries: node.entries.map((e) => ({ ...e, key: terraformKey(e.key), value: e.value && pulumiTree(e.value) })) };
    case 'list':
      return { ...node, items: node.items.map(pulumiTree) };
    case 'expr':
      return node;
  }
}

function pulumiYamlResources(root: TreeNode | undefined, byResource: ReadonlyMap<string, IacFinding[]>): ProgramResource[] {
  const resources = entryValue(root, 'resources');
  if (resources?.type !== 'map') return [];
  const out: ProgramResource[] = [];
  for (const e of resources.entries) {
    const token = scalarValue(entryValue(e.value, 'type'))?.trim();
    if (!token) continue;
    // `aws:rds:Instance`, or the full token `aws:rds/instance:Instance`.
    const [pkg, mod, cls] = token.split(':');
    const type = pkg === 'aws' && mod && cls ? pulumiTypes[`${mod.split('/')[0]}.${cls}`] : undefined;
    const props = entryValue(e.value, 'properties');
    const tree = props ? pulumiTree(props) : undefined;
    out.push({
      name: e.key,
      type: type ?? token,
      at: e.keyStart,
      props: tree?.type === 'map' ? tree : mapOf([], tree ?? { start: e.keyStart, end: e.keyEnd }),
      findings: byResource.get(e.key) ?? [],
    });
  }
  return out;
}

/**
 * The syntax of a CDK/Pulumi file: by its name when known, else by its text (estimate passes the
 * text only): a JSON object, import lines of JavaScript or Python, or else a Pulumi YAML program.
 */
export function programSyntax(text: string, fileName?: string): ProgramSyntax {
  if (fileName) {
    if (/\.py$/i.test(fileName)) return 'python';
    if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i.test(fileName)) return 'js';
    if (/\.json$/i.test(fileName)) return 'json';
    if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  }
  if (text.trimStart().startsWith('{')) return 'json';
  if (/^\s*(?:import\s[^\n]*['"]|(?:const|let|var)\s[^\n]*\brequire\s*\(|export\s)/m.test(text)) return 'js';
  if (/^\s*(?:from\s+[\w.]+\s+import\s|import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*\s*(?:#.*)?$)/m.test(text)) return 'python';
  return 'yaml';
}

/** The resources of a CDK or Pulumi file. `byResource`: its findings by `finding.resource`. */
export function programResources(
  text: string,
  format: 'cdk' | 'pulumi',
  all: readonly IacFinding[],
  byResource: ReadonlyMap<string, IacFinding[]>,
  fileName?: string,
): ProgramResource[] {
  const syntax = programSyntax(text, fileName);
  if (syntax === 'js' || syntax === 'python') return codeResources(text, format, syntax, all);
  if (format !== 'pulumi') return [];
  if (syntax === 'json') return pulumiYamlResources(parseJson(text), byResource);
  return parseYaml(text).flatMap((doc) => doc.nodes.flatMap((node) => pulumiYamlResources(node, byResource)));
}
