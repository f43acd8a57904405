/**
 * The size grammar (docs/iac-patterns.md §1): family letters + generation digit(s) + attribute letters
 * (+ `-suffix`), a dot, a size word, with a service prefix (`db.`, `cache.`, `ml.`, ...) or suffix
 * (`.search`). Sizes are matched by shape, not against a list: new families show up in real files
 * before any SDK lists them, and the price lookup decides whether a size exists.
 */
import type { IacKind } from './finding';

const servicePrefix = '(?:(db|cache|ml|kafka|express|dax|mq|dms)\\.)?';
// Every family has a digit in its first part (`m7i-flex`, `p6e-gb200`, `mac2-m2pro`), except the
// `u-` and `mac-` lines (`u-6tb1`, `mac-m4pro`); so `web-m5.large` is a name, not a size. None is
// upper-case (`T3.micro` in a comment is prose, not config).
const family = '((?:[a-z]{1,10}\\d{1,2}[a-z]{0,6}(?:-[a-z0-9]{2,10}){0,2}|(?:u|mac)-[a-z0-9]{2,10}))';
const sizeWord = '(nano|micro|small|medium|large|xlarge|[1-9]\\d{0,2}xlarge|metal(?:-[1-9]\\d{0,2}xl)?|xlplus)';
const serviceSuffix = '((?:\\.(?:search|elasticsearch)|\\.tpc[1-9]\\.mem[1-9]\\d?x)?)';
const body = `${servicePrefix}${family}\\.${sizeWord}${serviceSuffix}`;

/**
 * Not glued to a word, path, host or ARN on the left; not followed by more name on the right
 * (`m5.large.example.com`, `t3.micro.json` are names, not sizes).
 */
const sizeSource = `(?<![A-Za-z0-9_./-])${body}(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`;
const exactSize = new RegExp(`^${body}$`);

export interface SizeParts {
  /** `db`, `cache`, `ml`, ... or '' */
  prefix: string;
  /** `m5`, `m7i-flex`, `u-6tb1` */
  family: string;
  /** `large`, `2xlarge`, `metal-48xl` */
  size: string;
  /** `.search`, `.elasticsearch`, `.tpc2.mem2x` or '' */
  suffix: string;
}

export interface SizeMatch {
  start: number;
  end: number;
  token: string;
}

export function parseSize(token: string): SizeParts | undefined {
  const m = exactSize.exec(token);
  if (!m) return undefined;
  return { prefix: m[1] ?? '', family: m[2]!, size: m[3]!, suffix: m[4] ?? '' };
}

export function isSizeToken(token: string): boolean {
  return exactSize.test(token);
}

export function formatSize(parts: SizeParts): string {
  return `${parts.prefix ? parts.prefix + '.' : ''}${parts.family}.${parts.size}${parts.suffix}`;
}

// One shared instance: `lastIndex` is reset on every call and nothing awaits in between.
const sizeScanner = new RegExp(sizeSource, 'g');

/**
 * Appends every size-shaped token in text[from, to) to `out`. The slice keeps the lookbehind from
 * seeing past `from` (a quote or a list separator in every caller).
 */
export function findSizes(text: string, from: number, to: number, out: SizeMatch[]): void {
  if (to - from < 6) return;
  // Cheap pre-check before any allocation: every size has a dot; most strings have none.
  let dot = from;
  while (dot < to && text.charCodeAt(dot) !== 46) dot++;
  if (dot >= to) return;
  const slice = from === 0 && to === text.length ? text : text.slice(from, to);
  sizeScanner.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = sizeScanner.exec(slice)) !== null) {
    out.push({ start: from + m.index, end: from + m.index + m[0].length, token: m[0] });
  }
}

/**
 * Whether a scalar is configuration rather than prose: once its sizes and template segments
 * (`${...}`, `{{ ... }}`, `#{...}`) are taken out, only separators and quotes may remain.
 * `"t3.small,t3.medium"`, `${opt:size, 'm5.large'}` and `{{ x | default('t3.micro') }}` are values;
 * `"Use m5.large for prod"` is a description.
 */
export function isValueScalar(text: string, from: number, to: number, matches: readonly SizeMatch[]): boolean {
  // The common case, a scalar that is exactly one size: nothing remains, no strings to build.
  if (matches.length === 1 && matches[0]!.start === from && matches[0]!.end === to) return true;
  let rest = '';
  let p = from;
  for (const m of matches) {
    rest += text.slice(p, m.start) + ' ';
    p = m.end;
  }
  rest += text.slice(p, to);
  if (!/[A-Za-z0-9]/.test(rest)) return true;
  rest = rest.replace(/\$\{[^}]*\}|\{\{[^}]*\}\}|#\{[^}]*\}/g, ' ');
  return !/[A-Za-z0-9]/.test(rest);
}

const prefixKinds: Readonly<Record<string, IacKind>> = {
  db: 'rds',
  cache: 'elasticache',
  ml: 'sagemaker',
  kafka: 'msk',
  express: 'msk',
  dax: 'other',
  mq: 'other',
  dms: 'other',
};

const redshiftFamilies = new Set(['ra3', 'dc1', 'dc2', 'ds1', 'ds2']);
/** EC2-shaped but priced elsewhere: MWAA environment classes, Elastic Inference accelerators. */
const notEc2Families = new Set(['mw1', 'eia1', 'eia2']);

/**
 * The kind the token alone implies. `context` is what the owning resource says: `other` for services
 * whose sizes share EC2/RDS shapes but not their price lists (DocumentDB, Neptune, MemoryDB, GameLift,
 * MWAA, ...); the token's own prefix or suffix wins otherwise.
 */
export function kindOfToken(parts: SizeParts, context?: IacKind): IacKind {
  if (context === 'other') return 'other';
  if (parts.suffix === '.search' || parts.suffix === '.elasticsearch') return 'opensearch';
  if (parts.prefix) return prefixKinds[parts.prefix] ?? 'other';
  if (redshiftFamilies.has(parts.family) || parts.size === 'xlplus') return 'redshift';
  if (notEc2Families.has(parts.family)) return 'other';
  return 'ec2';
}

/**
 * Resource types whose sizes look like EC2/RDS ones but are priced in another list. Matched on
 * Terraform types (`aws_docdb_cluster_instance`), CloudFormation types (`AWS::DocDB::DBInstance`),
 * Pulumi types (`aws:neptune/clusterInstance`), Crossplane groups and SDK call chains.
 */
const otherServiceTypes =
  /docdb|documentdb|neptune|memorydb|gamelift|mwaa|(?:^|[^a-z])dax|amazonmq|(?:^|[_:.])mq(?:[_:.]|$)|(?:^|[_:.])dms(?:[_:.]|$)|appstream|lightsail|codebuild/i;

export function contextKindOfType(resourceType: string | undefined): IacKind | undefined {
  return resourceType && otherServiceTypes.test(resourceType) ? 'other' : undefined;
}
