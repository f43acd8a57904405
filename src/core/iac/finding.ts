/**
 * What a recogniser reports: one priced size in a file's text, with where it is (LSP-like, 0-based,
 * UTF-16 code units, as VS Code counts), what it is and what the file says about it. Plain data, so
 * the editor can cache it per document version and the CLI can print it.
 */

/** The price list a size belongs to, decided by the owning resource or key first, then the token. */
export type IacKind = 'ec2' | 'rds' | 'elasticache' | 'opensearch' | 'redshift' | 'msk' | 'sagemaker' | 'other';

export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export interface FindingRegion {
  code: string;
  /** Where the region came from, for a person: `provider "aws" region = "eu-west-1" (main.tf:3)`. */
  reason: string;
}

/**
 * How the size is used, so totals add up:
 * - `value`: the size this resource (or variable, parameter default...) runs on;
 * - `choice`: one of several sizes for the same thing (a list, a conditional, a map of environments):
 *   one of them runs at a time, so a total must not add them all up;
 * - `option`: named but not deployed (allowed values, validation lists, excluded types, data-source
 *   lookups, mapping keys).
 */
export type FindingRole = 'value' | 'choice' | 'option';

/**
 * `literal`: the size is written out (`"m5.large"`), so a quick fix can replace the text in `range`.
 * `symbolic`: an SDK expression names it (`InstanceType.of(InstanceClass.BURSTABLE3, InstanceSize.MICRO)`,
 * `aws.ec2.InstanceType.T3_Micro`): `range` covers the expression; replacing it needs code, not text.
 */
export type FindingForm = 'literal' | 'symbolic';

export interface IacFinding {
  range: TextRange;
  /** The same span as offsets into the text: [start, end). */
  offsets: { start: number; end: number };
  /** The text as written (for a literal, the size inside any quotes). */
  token: string;
  /** The canonical priced name: `m5.large`, `db.r6g.xlarge`, `cache.t3.micro`, `r6g.large.search`. */
  resolved: string;
  kind: IacKind;
  /** Set when the file (or its Terraform module, Pulumi project, ...) determines the region. */
  region?: FindingRegion;
  /** A literal count / desired capacity / replicas that applies to the owning resource. */
  count?: number;
  /** The owning resource, as the format names it: `aws_instance.web`, `WebServer`, `NodePool/default`. */
  resource?: string;
  role: FindingRole;
  form: FindingForm;
  /** Findings with the same group belong to one assignment (a list, a conditional): compare, never add. */
  group: number;
}

/** The formats the recognisers know; `unknown` files produce no findings. */
export type IacFormat =
  | 'terraform'
  | 'tfvars'
  | 'terragrunt'
  | 'cloudformation'
  | 'serverless'
  | 'cdk'
  | 'pulumi'
  | 'kubernetes'
  | 'helm'
  | 'eksctl'
  | 'karpenter'
  | 'crossplane'
  | 'ansible'
  | 'packer'
  | 'sdk'
  | 'yaml'
  | 'unknown';

export interface IacScan {
  format: IacFormat;
  findings: IacFinding[];
  /** Terraform: the region of each `resource` block by address, whether or not it names a size. */
  resourceRegions?: Record<string, FindingRegion>;
  /** Formats whose resources share the stack's region (CloudFormation, Pulumi YAML), when it is known. */
  fileRegion?: FindingRegion;
}

/**
 * Offsets to positions. Built once per text (one pass over the line breaks), then each lookup is a
 * binary search: cheap enough for every finding of a 10,000-line file.
 */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    if (text.indexOf('\r') < 0) {
      // The common case, with the native search: no carriage returns, every break is a \n.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        // CRLF counts once; a lone CR is a line break too (VS Code treats it so).
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): TextPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }
}

/** The finding under a position (a hover, a code action), or undefined. Findings are in text order. */
export function findingAt(findings: readonly IacFinding[], position: TextPosition): IacFinding | undefined {
  let lo = 0;
  let hi = findings.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = findings[mid]!;
    const { start, end } = f.range;
    if (position.line < start.line || (position.line === start.line && position.character < start.character)) hi = mid - 1;
    else if (position.line > end.line || (position.line === end.line && position.character > end.character)) lo = mid + 1;
    else return f;
  }
  return undefined;
}

/**
 * The text that replaces a literal finding's range so that it resolves to `resolved` (a quick fix to
 * a current-generation size): the size itself, or without the `db.` a CDK RDS construct adds.
 * Undefined for symbolic findings (`InstanceType.of(...)`: the fix is code, not text).
 */
export function literalReplacement(finding: IacFinding, resolved: string): string | undefined {
  if (finding.form !== 'literal') return undefined;
  if (finding.token === finding.resolved) return resolved;
  if (finding.resolved === `db.${finding.token}` && resolved.startsWith('db.')) return resolved.slice(3);
  return undefined;
}
