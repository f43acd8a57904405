import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../core/errors';
import { formatMoney } from '../core/format';
import type { IacFinding, IacKind } from '../core/iac/finding';
import { listIacFiles, scanFiles } from '../core/iac/scan-files';
import { countsInTotal } from '../core/iac/totals';
import type { ScanProblem } from '../core/iac/scan-files';
import { PriceIndex } from '../core/prices/read/price-index';
import { isRegionCode } from '../core/regions';
import type { CliCommand } from './cli-command';
import { exitFailed, exitOk } from './commands';
import type { CliIo } from './commands';
import { table } from './format';
import { jsonOption, regionOption, storeOption } from './options';

/** Hours in a month, the way AWS's calculator counts them. */
export const hoursPerMonth = 730;

export const defaultScanRegion = 'us-east-1';

export type PriceAnswer = { hourly: number; currency: string } | { missing: string };

/** Prices a finding in a region. The CLI plugs in the local store; tests and the editor can plug in anything. */
export type PriceLookup = (finding: IacFinding, region: string) => Promise<PriceAnswer>;

/** The kinds the price store indexes (EC2, RDS, ElastiCache, OpenSearch). */
const storeKinds: ReadonlySet<IacKind> = new Set(['ec2', 'rds', 'elasticache', 'opensearch']);

export function storeLookup(store: string): PriceLookup {
  const index = new PriceIndex(store);
  return async (finding, region) => {
    if (!storeKinds.has(finding.kind)) return { missing: `${finding.kind} prices are not in the store (it indexes EC2, RDS, ElastiCache and OpenSearch)` };
    const record = await index.lookup(finding.resolved, region);
    if (record?.onDemand) return { hourly: record.onDemand.hourly, currency: record.currency };
    return { missing: (await index.explainMiss(finding.resolved, region)).message };
  };
}

export interface PricedFinding {
  finding: IacFinding;
  /** The region priced: the finding's own, or the default (`assumed`). */
  region: string;
  assumed: boolean;
  hourly?: number;
  monthly?: number;
  currency?: string;
  missing?: string;
}

export interface FileCost {
  /** Sum of the monthly cost of the `value` findings that have a price. */
  monthly: number;
  currency: string;
  priced: number;
  unpriced: number;
  /** Alternatives (lists, conditionals) and options, priced but not added up. */
  notTotalled: number;
}

export async function priceFindings(findings: readonly IacFinding[], lookup: PriceLookup, defaultRegion: string): Promise<PricedFinding[]> {
  const out: PricedFinding[] = [];
  for (const finding of findings) {
    const region = finding.region?.code ?? defaultRegion;
    const answer = await lookup(finding, region);
    const priced: PricedFinding = { finding, region, assumed: !finding.region };
    if ('hourly' in answer) {
      priced.hourly = answer.hourly;
      priced.monthly = answer.hourly * hoursPerMonth * (finding.count ?? 1);
      priced.currency = answer.currency;
    } else {
      priced.missing = answer.missing;
    }
    out.push(priced);
  }
  return out;
}

export function fileCost(priced: readonly PricedFinding[]): FileCost {
  const cost: FileCost = { monthly: 0, currency: 'USD', priced: 0, unpriced: 0, notTotalled: 0 };
  for (const p of priced) {
    if (p.monthly === undefined) cost.unpriced++;
    else cost.priced++;
    if (!countsInTotal(p.finding)) {
      cost.notTotalled++;
      continue;
    }
    if (p.monthly !== undefined) {
      cost.monthly += p.monthly;
      cost.currency = p.currency ?? cost.currency;
    }
  }
  return cost;
}

export function displayPath(io: CliIo, file: string): string {
  const rel = path.relative(io.cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  token: string;
  resolved: string;
  kind: IacKind;
  region: string | null;
  [extra: string]: unknown;
}

function jsonFinding(file: string, f: IacFinding): JsonFinding {
  return {
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    token: f.token,
    resolved: f.resolved,
    kind: f.kind,
    region: f.region?.code ?? null,
  };
}

function problemLine(io: CliIo, p: ScanProblem): string {
  return `price-atlas scan: cannot read ${displayPath(io, p.path)}: ${p.message}\n`;
}

export interface ScanOptions {
  json?: boolean;
  store?: string;
  region?: string;
}

export async function scanCommand(operands: string[], options: ScanOptions, io: CliIo): Promise<number> {
  if (operands.length === 0)
    throw new UsageError('scan takes one or more files or folders', 'for example: price-atlas scan infra/ or price-atlas scan main.tf --json');
  const defaultRegion = options.region ?? defaultScanRegion;
  if (!isRegionCode(defaultRegion)) throw new UsageError(`--region ${JSON.stringify(defaultRegion)} is not a region code`, 'for example: --region eu-west-1');
  const store = options.store;
  let lookup: PriceLookup | undefined;
  if (store !== undefined) {
    const dir = path.resolve(io.cwd, store);
    const st = await fs.stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) throw new UsageError(`--store ${store} is not a folder`, 'give the price store folder built from downloaded offer files');
    lookup = storeLookup(dir);
  }
  return runScan(
    operands.map((p) => path.resolve(io.cwd, p)),
    io,
    { json: options.json ?? false, lookup, defaultRegion },
  );
}

export const scanCli: CliCommand = {
  name: 'scan',
  summary: 'find instance sizes in IaC files (Terraform, CloudFormation, CDK, Pulumi, Kubernetes, Ansible, Packer, ...)',
  operands: { usage: '<path...>', help: [['path', 'IaC files or folders']] },
  options: () => [
    jsonOption(),
    storeOption('price each size from a local price index and print monthly totals per file'),
    regionOption(`region for files that do not set one (with --store); default ${defaultScanRegion}`),
  ],
  examples: ['price-atlas scan infra/', 'price-atlas scan main.tf --json'],
  run: (operands, options, io) => scanCommand(operands, options as ScanOptions, io),
};

export interface ScanRunOptions {
  json: boolean;
  lookup?: PriceLookup;
  defaultRegion: string;
}

/** Lists, reads, recognises and prints. Exported so a test or another front end can plug in its own lookup. */
export async function runScan(paths: readonly string[], io: CliIo, options: ScanRunOptions): Promise<number> {
  const listed = await listIacFiles(paths);
  const result = await scanFiles(listed.files);
  const problems = [...listed.problems, ...result.problems];
  for (const p of problems) io.stderr.write(problemLine(io, p));
  for (const s of result.skipped) io.stderr.write(`price-atlas scan: skipped ${displayPath(io, s.path)}: ${s.message}\n`);

  const files = result.files.filter((f) => f.scan.findings.length > 0);
  const priced = new Map<string, PricedFinding[]>();
  if (options.lookup) {
    for (const f of files) priced.set(f.file, await priceFindings(f.scan.findings, options.lookup, options.defaultRegion));
  }

  if (options.json) {
    const rows: JsonFinding[] = [];
    for (const f of files) {
      const shown = displayPath(io, f.file);
      const pricedHere = priced.get(f.file);
      f.scan.findings.forEach((finding, i) => {
        const row = jsonFinding(shown, finding);
        const p = pricedHere?.[i];
        if (p) {
          Object.assign(row, {
            role: finding.role,
            count: finding.count ?? null,
            resource: finding.resource ?? null,
            pricedRegion: p.region,
            hourly: p.hourly ?? null,
            monthly: p.monthly ?? null,
            currency: p.currency ?? null,
          });
        }
        rows.push(row);
      });
    }
    io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return problems.length > 0 ? exitFailed : exitOk;
  }

  let total = 0;
  let currency = 'USD';
  let assumedAny = false;
  const reasons = new Set<string>();
  for (const f of files) {
    const shown = displayPath(io, f.file);
    const pricedHere = priced.get(f.file);
    io.stdout.write(`${shown} (${f.scan.format})\n`);
    const header = pricedHere
      ? ['LINE:COL', 'SIZE', 'KIND', 'REGION', 'ROLE', 'COUNT', 'HOURLY', 'MONTHLY', 'RESOURCE']
      : ['LINE:COL', 'SIZE', 'KIND', 'REGION', 'ROLE', 'RESOURCE'];
    const rows = f.scan.findings.map((finding, i) => {
      const at = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      const p = pricedHere?.[i];
      if (!p) return [at, finding.resolved, finding.kind, finding.region?.code ?? '-', finding.role, finding.resource ?? ''];
      if (p.assumed) assumedAny = true;
      if (p.missing) reasons.add(p.missing);
      return [
        at,
        finding.resolved,
        finding.kind,
        p.assumed ? `${p.region}*` : p.region,
        finding.role,
        String(finding.count ?? 1),
        p.hourly === undefined ? 'no price' : formatMoney(p.hourly, p.currency ?? 'USD', 4),
        p.monthly === undefined ? '' : formatMoney(p.monthly, p.currency ?? 'USD', 2),
        finding.resource ?? '',
      ];
    });
    io.stdout.write(
      table([header, ...rows])
        .split('\n')
        .map((l) => `  ${l}`.trimEnd())
        .join('\n') + '\n',
    );
    if (pricedHere) {
      const cost = fileCost(pricedHere);
      total += cost.monthly;
      currency = cost.currency;
      const notes = [
        cost.notTotalled
          ? `${cost.notTotalled} alternative${cost.notTotalled === 1 ? '' : 's'} or option${cost.notTotalled === 1 ? '' : 's'} not added up`
          : '',
        cost.unpriced ? `${cost.unpriced} without a price` : '',
      ].filter(Boolean);
      io.stdout.write(`  total ${formatMoney(cost.monthly, cost.currency, 2)}/month${notes.length ? ` (${notes.join('; ')})` : ''}\n`);
    }
    io.stdout.write('\n');
  }
  const count = files.reduce((n, f) => n + f.scan.findings.length, 0);
  io.stdout.write(`${count} size${count === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'} (${result.files.length} scanned)\n`);
  if (options.lookup) {
    io.stdout.write(
      `grand total ${formatMoney(total, currency, 2)}/month (on-demand, ${hoursPerMonth} h/month, x count; alternatives and options not added up)\n`,
    );
    if (assumedAny) io.stdout.write(`* the file does not set a region: priced in ${options.defaultRegion} (--region to change)\n`);
    for (const r of [...reasons].slice(0, 5)) io.stdout.write(`no price: ${r}\n`);
  }
  return problems.length > 0 ? exitFailed : exitOk;
}
