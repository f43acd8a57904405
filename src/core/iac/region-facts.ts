/**
 * What decides a region lives in more than one file: a Terraform module's `provider "aws"` in
 * main.tf, its `var.region` default in variables.tf and the value in terraform.tfvars; a Pulumi
 * program's stack file; a SAM template's samconfig.toml. Each file contributes facts (cheap, cached
 * per file by the caller); a folder's facts are merged and the recognisers resolve against them.
 * State-backend regions, `ami_regions` copy targets and region-keyed mappings are never facts.
 */
import { isRegionCode } from '../regions';
import type { FindingRegion } from './finding';

/** A region expression, reduced to what can be resolved without evaluating HCL. */
export interface RegionExpr {
  /** The expression as written (shortened), for the reason. */
  text: string;
  /** Region-code literals in it (a fallback in `try()`/`lookup()`, or the whole value). */
  literals: string[];
  /** `var.x` / `local.y` references in it. */
  refs: string[];
}

export interface SourceLine {
  /** The file's base name, for reasons. */
  file: string;
  /** 1-based. */
  line: number;
}

export interface ProviderFact extends SourceLine {
  alias?: string;
  region: RegionExpr;
}

export interface ValueFact extends SourceLine {
  value: string;
}

export interface ExprFact extends SourceLine {
  expr: RegionExpr;
}

export interface StackRegionFact extends SourceLine {
  code: string;
  /** `Pulumi stack dev aws:region`, `samconfig.toml [default.deploy.parameters] region`... */
  what: string;
  /** Which tool reads it: a Pulumi stack region says nothing about a SAM template next to it. */
  source: 'pulumi' | 'sam';
}

export interface FileFacts {
  file: string;
  /** terraform.tfvars and *.auto.tfvars are loaded by Terraform itself; other .tfvars only with -var-file. */
  autoLoaded: boolean;
  providers: ProviderFact[];
  /** `variable "x" { default = ... }` literals. */
  variables: Map<string, ValueFact>;
  /** Values given to variables: tfvars, Terragrunt `inputs`, Packer .pkrvars.hcl. */
  assignments: Map<string, ValueFact>;
  locals: Map<string, ExprFact>;
  stacks: StackRegionFact[];
}

/** What the recognisers get from the files around the one they read. */
export interface RecogniseContext {
  /** Facts of the other files of the same folder (Terraform module, Pulumi project, SAM app). */
  facts: readonly FileFacts[];
}

export function emptyFacts(file: string, autoLoaded = true): FileFacts {
  return { file, autoLoaded, providers: [], variables: new Map(), assignments: new Map(), locals: new Map(), stacks: [] };
}

export interface MergedFacts {
  providers: ProviderFact[];
  variables: Map<string, ValueFact>;
  assignments: Map<string, ValueFact>;
  locals: Map<string, ExprFact>;
  stacks: StackRegionFact[];
}

/**
 * The file's own facts first (they are current: the editor's unsaved text), then the folder's, in
 * file-name order. Assignments from .tfvars files Terraform does not load by itself are only used
 * for the file itself.
 */
export function mergeFacts(own: FileFacts, context: RecogniseContext | undefined): MergedFacts {
  const merged: MergedFacts = {
    providers: [...own.providers],
    variables: new Map(own.variables),
    assignments: new Map(own.assignments),
    locals: new Map(own.locals),
    stacks: [...own.stacks],
  };
  const others = (context?.facts ?? []).filter((f) => f.file !== own.file).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const f of others) {
    merged.providers.push(...f.providers);
    for (const [k, v] of f.variables) if (!merged.variables.has(k)) merged.variables.set(k, v);
    if (f.autoLoaded) for (const [k, v] of f.assignments) if (!merged.assignments.has(k)) merged.assignments.set(k, v);
    for (const [k, v] of f.locals) if (!merged.locals.has(k)) merged.locals.set(k, v);
    merged.stacks.push(...f.stacks);
  }
  return merged;
}

function at(s: SourceLine): string {
  return `${s.file}:${s.line}`;
}

interface Resolved {
  code: string;
  via: string[];
}

function resolveRef(ref: string, facts: MergedFacts, depth: number): Resolved[] {
  const [scope, name] = ref.split('.');
  if (!name) return [];
  if (scope === 'var') {
    const v = facts.assignments.get(name) ?? facts.variables.get(name);
    if (v && isRegionCode(v.value)) return [{ code: v.value, via: [`var.${name} = "${v.value}" (${at(v)})`] }];
    return [];
  }
  if (scope === 'local' && depth < 4) {
    const l = facts.locals.get(name);
    if (!l) return [];
    return resolveAll(l.expr, facts, depth + 1).map((r) => ({ code: r.code, via: [`local.${name} = ${l.expr.text} (${at(l)})`, ...r.via] }));
  }
  return [];
}

function resolveAll(expr: RegionExpr, facts: MergedFacts, depth: number): Resolved[] {
  const out: Resolved[] = expr.literals.filter(isRegionCode).map((code) => ({ code, via: [] }));
  for (const ref of expr.refs) out.push(...resolveRef(ref, facts, depth));
  return out;
}

/**
 * The region an expression names, when it names exactly one (`var.env == "prod" ? "us-east-1" :
 * "eu-west-1"` names two: unknown). `what` says where the expression is: `provider "aws"`.
 */
export function resolveRegion(expr: RegionExpr, facts: MergedFacts, what: string, where: SourceLine): FindingRegion | undefined {
  const all = resolveAll(expr, facts, 0);
  const codes = new Set(all.map((r) => r.code));
  if (codes.size !== 1) return undefined;
  const first = all[0]!;
  return { code: first.code, reason: [`${what} region = ${expr.text} (${at(where)})`, ...first.via].join('; ') };
}

/** The stack/project region (Pulumi stack files, samconfig), when every stack agrees. */
export function stackRegion(facts: MergedFacts, source: StackRegionFact['source']): FindingRegion | undefined {
  const stacks = facts.stacks.filter((s) => s.source === source);
  const codes = new Set(stacks.map((s) => s.code));
  if (codes.size !== 1) return undefined;
  const s = stacks[0]!;
  const more = stacks.length > 1 ? ` (and ${stacks.length - 1} more agreeing)` : '';
  return { code: s.code, reason: `${s.what}: ${s.code} (${at(s)})${more}` };
}

/** A region code, or the region of an availability zone (`us-east-1a`, `use1-az1` is not one). */
export function regionOfZone(zone: string): string | undefined {
  const m = /^([a-z]{2}(?:-gov)?-[a-z]+-\d+)[a-z]$/.exec(zone);
  return m && isRegionCode(m[1]!) ? m[1] : undefined;
}

/** The last path segment, for reasons (`infra/main.tf` -> `main.tf`). */
export function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i >= 0 ? file.slice(i + 1) : file;
}
