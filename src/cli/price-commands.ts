import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../core/errors';
import { buildIndex } from '../core/prices/write/build-index';
import type { BuildProgress } from '../core/prices/write/build-index';
import { findMirrorOfferFiles } from '../core/prices/write/index-offer-file';
import { prepareStore } from '../core/prices/write/store-folder';
import { NotRegularFileError } from '../core/offers/regular-file';
import { PriceIndex } from '../core/prices/read/price-index';
import { bestReserved, bestSavingsPlan } from '../core/prices/price-math';
import type { PriceRecord } from '../core/prices/price-types';
import { Option } from 'commander';
import type { CliCommand } from './cli-command';
import { awsOptions, hoursPerMonthOption, jsonOption, numberOption, progressOptions, storeOption, valueOption } from './options';
import type { AwsOptions } from './options';
import { fetchEc2PriceRecords } from '../core/aws/pricing-api';
import { resolveDefaultRegion } from '../core/aws/default-region';
import { defaultVariants, indexedOfferCodes, kindOfSize } from '../core/prices/price-types';
import { adviceText, withHint } from './present-error';
import { withSession } from './aws-commands';
import { cliLogger, exitCancelled, exitFailed, exitOk } from './commands';
import type { CliIo } from './commands';
import { formatBytes, formatDuration, formatMoney } from '../core/format';
import { table } from './format';
import { defaultOutputDir, defaultStoreDir } from '../core/mirror/layout';

export const storeEnvVar = 'PRICE_ATLAS_STORE';

function storeDir(store: string | undefined, io: CliIo): string {
  return path.resolve(io.cwd, store ?? (io.env[storeEnvVar] || defaultStoreDir));
}

/** --region, else the chain the AWS commands use (AWS_REGION, ..., the --profile/AWS_PROFILE region, us-east-1). */
async function region(options: { region?: string; profile?: string }, io: CliIo): Promise<string> {
  return (await resolveDefaultRegion({ explicit: options.region, explicitName: '--region', profile: options.profile, env: io.env })).code;
}

function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export interface IndexOptions {
  store?: string;
  json?: boolean;
  /** Default: as many as files, up to 4. */
  workers?: number;
  progress?: boolean;
}

/** `price-atlas index <file-or-mirror-dir>... --store DIR` */
export async function indexCommand(operands: string[], options: IndexOptions, io: CliIo): Promise<number> {
  // A store that cannot hold files is refused before any offer is parsed.
  const store = await prepareStore(storeDir(options.store, io));
  const inputs = operands.length > 0 ? operands : [defaultOutputDir];
  const files: string[] = [];
  for (const input of inputs) {
    const full = path.resolve(io.cwd, input);
    const stat = await fs.stat(full).catch(() => undefined);
    if (!stat) throw new UsageError(`${input} does not exist`, 'give offer files or a mirror folder made by `price-atlas download`');
    // Named files must be regular files (links followed): a FIFO or /dev/zero would never end.
    if (!stat.isDirectory() && !stat.isFile()) {
      const refused = new NotRegularFileError(input, stat);
      throw new UsageError(refused.message, refused.hint);
    }
    if (stat.isDirectory()) {
      const found = await findMirrorOfferFiles(full);
      if (found.length === 0) {
        throw new UsageError(
          `no regional offer files of ${Object.keys(indexedOfferCodes).join(', ')} under ${input}`,
          'download some first, e.g. price-atlas download --services AmazonEC2 --regions us-east-1',
        );
      }
      files.push(...found.map((f) => f.file));
    } else {
      files.push(full);
    }
  }
  const json = options.json ?? false;
  const showProgress = options.progress ?? (io.stderr.isTTY === true && !json);
  let lastDraw = 0;
  const draw = (p: BuildProgress): void => {
    const now = performance.now();
    if (now - lastDraw < 100) return;
    lastDraw = now;
    const pct = p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 0;
    io.stderr.write(`\r\x1b[2Kindexing ${p.filesDone}/${p.files} files · ${formatBytes(p.bytesRead)} / ${formatBytes(p.totalBytes)} (${pct}%)`);
  };
  const workers = options.workers ?? Math.max(1, Math.min(4, files.length));
  const started = performance.now();
  const result = await buildIndex(files, { store, signal: io.signal, workers, onProgress: showProgress ? draw : undefined });
  if (showProgress) io.stderr.write('\r\x1b[2K');
  const elapsed = performance.now() - started;
  if (json) {
    writeJson(io, {
      store,
      cancelled: result.cancelled,
      files: result.results.map((r) => ({
        file: r.file,
        offerCode: r.offerCode,
        version: r.version,
        publicationDate: r.publicationDate,
        format: r.format,
        gzip: r.gzip,
        bytes: r.bytes,
        seconds: r.seconds,
        sha256: r.sha256,
        regions: r.regions.map(({ region: code, entries }) => ({ region: code, entries })),
      })),
      // The hint in the CLI's words (flags, command lines); the remedy stays as data for scripts.
      failures: result.failures.map((f) => ({ ...f, ...withHint(adviceText(f)) })),
    });
  } else {
    const rows = [['file', 'offer', 'version', 'size', 'time', 'regions', 'entries']];
    for (const r of result.results) {
      rows.push([
        path.relative(io.cwd, r.file) || r.file,
        r.offerCode,
        r.version,
        formatBytes(r.bytes),
        formatDuration(r.seconds * 1000),
        r.regions.map((x) => x.region).join(',') || '-',
        String(r.regions.reduce((n, x) => n + x.entries, 0)),
      ]);
    }
    if (result.results.length > 0) io.stdout.write(`${table(rows)}\n`);
    for (const f of result.failures) {
      io.stdout.write(`FAILED ${path.relative(io.cwd, f.file) || f.file}: ${f.message}\n`);
      io.stdout.write(`  → ${adviceText(f) ?? 'the previous index for this file is kept; download the file again (price-atlas download) and re-run index'}\n`);
    }
    const empty = result.results.filter((r) => r.regions.length === 0);
    for (const r of empty) io.stdout.write(`NOTE ${path.relative(io.cwd, r.file)}: no instance prices in this file (nothing to index)\n`);
    if (result.cancelled) io.stdout.write('Cancelled: the index parts already written are complete; the rest are as they were.\n');
    io.stdout.write(`Indexed ${result.results.length} of ${files.length} files in ${formatDuration(elapsed)} into ${store}\n`);
  }
  if (result.cancelled) return exitCancelled;
  return result.failures.length > 0 ? exitFailed : exitOk;
}

/** What `price` and `compare` read; the AWS options are for price --api and --profile's region. */
export interface PriceOptions extends AwsOptions {
  store?: string;
  os?: string;
  tenancy?: string;
  license?: string;
  software?: string;
  engine?: string;
  edition?: string;
  deployment?: string;
  hoursPerMonth: number;
  api?: boolean;
  json?: boolean;
}

type VariantOption = 'os' | 'tenancy' | 'license' | 'software' | 'engine' | 'edition' | 'deployment';

/** Command-line filter names -> the product attributes they narrow. */
function filterOf(options: PriceOptions): Record<string, string> {
  const map: Record<VariantOption, string> = {
    os: 'operatingSystem',
    tenancy: 'tenancy',
    license: 'licenseModel',
    software: 'preInstalledSw',
    engine: 'databaseEngine',
    edition: 'databaseEdition',
    deployment: 'deploymentOption',
  };
  const filter: Record<string, string> = {};
  for (const [option, field] of Object.entries(map)) {
    const value = options[option as VariantOption];
    if (value !== undefined) filter[field] = value;
  }
  // ElastiCache calls its engine cacheEngine.
  if (filter.databaseEngine) filter.cacheEngine = filter.databaseEngine;
  return filter;
}

function round(n: number): number {
  return Number(n.toPrecision(12));
}

/** The JSON the issue specifies: numbers as numbers, AWS's names for variants. */
export function priceJson(r: PriceRecord): Record<string, unknown> {
  return {
    size: r.size,
    kind: r.kind,
    region: r.region,
    currency: r.currency,
    ...(r.kind === 'ec2' ? { os: r.variant.operatingSystem, tenancy: r.variant.tenancy } : {}),
    variant: r.variant,
    onDemand: r.onDemand ? { hourly: r.onDemand.hourly } : null,
    reserved: r.reserved.map((x) => ({
      term: x.term,
      class: x.class,
      purchase: x.purchase,
      hourly: x.hourly,
      upfront: x.upfront,
      effectiveHourly: round(x.effectiveHourly),
    })),
    savingsPlans: r.savingsPlans.map((s) => ({ plan: s.plan, term: s.term, purchase: s.purchase, hourly: s.hourly })),
    specs: r.specs,
    source: r.source,
  };
}

/** `price-atlas price <size> --region R` */
export async function priceCommand(operands: string[], options: PriceOptions, io: CliIo): Promise<number> {
  if (operands.length !== 1) throw new UsageError('price takes one size', 'for example: price-atlas price m5.large --region us-east-1');
  const size = operands[0]!;
  const store = storeDir(options.store, io);
  const where = await region(options, io);
  const hours = options.hoursPerMonth;
  const index = new PriceIndex(store);
  const filter = filterOf(options);
  let record = await index.lookup(size, where, filter);
  if (!record && options.api) {
    if (kindOfSize(size) !== 'ec2')
      throw new UsageError('--api looks up EC2 sizes only', `index the ${size} offer instead: price-atlas download, then price-atlas index`);
    // The same record shape as the bulk files give, from the Pricing API (a quick single lookup).
    const records = await withSession(options, io, cliLogger(options.logLevel, io), (session) =>
      fetchEc2PriceRecords(session, { size, region: where, variant: filter }),
    );
    record = records[0];
    if (!record) {
      io.stderr.write(`price-atlas price: the Pricing API has no ${size} price in ${where} for ${Object.entries({ ...defaultVariants.ec2, ...filter })
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}
`);
      return exitFailed;
    }
  }
  if (!record) {
    const storeArg = path.relative(io.cwd, store) || store;
    const miss = await index.explainMiss(size, where, filter, storeArg);
    const hint = adviceText(miss, storeArg);
    io.stderr.write(`price-atlas price: ${miss.message}\n${hint ? `  → ${hint}\n` : ''}`);
    return exitFailed;
  }
  if (options.json) {
    writeJson(io, priceJson(record));
    return exitOk;
  }
  const c = record.currency;
  const s = record.specs;
  const out: string[] = [];
  out.push(`${record.size} in ${record.region} (${Object.values(record.variant).filter(Boolean).join(' / ') || record.kind})`);
  const specs = [
    s.vcpu !== undefined ? `${s.vcpu} vCPU` : '',
    s.memoryGiB !== undefined ? `${s.memoryGiB} GiB` : '',
    s.architecture ?? '',
    s.gpu ? `${s.gpu} GPU` : '',
    s.network ?? '',
    s.storage ?? '',
  ].filter(Boolean);
  if (specs.length) out.push(`  ${specs.join(' · ')}`);
  if (record.onDemand) {
    const h = record.onDemand.hourly;
    const perVcpu = s.vcpu ? ` · ${formatMoney(h / s.vcpu, c, 5)}/vCPU-h` : '';
    out.push(`  On-Demand: ${formatMoney(h, c)}/h · ${formatMoney(h * hours, c, 2)}/month (${hours} h)${perVcpu}`);
  }
  const rows = [['Reserved', 'class', 'purchase', 'hourly', 'upfront', 'effective/h', 'saving']];
  for (const x of record.reserved) {
    const saving = record.onDemand && record.onDemand.hourly > 0 ? `${Math.round(100 * (1 - x.effectiveHourly / record.onDemand.hourly))}%` : '-';
    rows.push([x.term, x.class || '-', x.purchase, formatMoney(x.hourly, c), formatMoney(x.upfront, c, 0), formatMoney(x.effectiveHourly, c), saving]);
  }
  if (rows.length > 1) out.push('', table(rows));
  if (record.savingsPlans.length > 0) {
    const sp = [['Savings Plan', 'term', 'purchase', 'hourly', 'saving']];
    for (const x of record.savingsPlans) {
      const saving = record.onDemand && record.onDemand.hourly > 0 ? `${Math.round(100 * (1 - x.hourly / record.onDemand.hourly))}%` : '-';
      sp.push([x.plan, x.term, x.purchase, formatMoney(x.hourly, c), saving]);
    }
    out.push('', table(sp));
  }
  out.push('', `Source: ${record.source.offerCode} ${record.source.version} (published ${record.source.publicationDate})`);
  io.stdout.write(`${out.join('\n')}\n`);
  return exitOk;
}

/** `price-atlas compare <size>... --region R` */
export async function compareCommand(operands: string[], options: PriceOptions, io: CliIo): Promise<number> {
  if (operands.length === 0)
    throw new UsageError('compare takes one or more sizes', 'for example: price-atlas compare m5.large m6g.large m7i.large --region us-east-1');
  const store = storeDir(options.store, io);
  const where = await region(options, io);
  const hours = options.hoursPerMonth;
  const index = new PriceIndex(store);
  const filter = filterOf(options);
  const found: PriceRecord[] = [];
  const missing: { size: string; message: string; hint?: string }[] = [];
  for (const size of operands) {
    const record = await index.lookup(size, where, filter);
    if (record) found.push(record);
    else {
      const storeArg = path.relative(io.cwd, store) || store;
      const miss = await index.explainMiss(size, where, filter, storeArg);
      const hint = adviceText(miss, storeArg);
      missing.push({ size, message: miss.message, ...(hint ? { hint } : {}) });
    }
  }
  if (options.json) {
    writeJson(io, {
      region: where,
      hoursPerMonth: hours,
      sizes: found.map((r) => {
        const h = r.onDemand?.hourly;
        const ri = bestReserved(r);
        const sp = bestSavingsPlan(r);
        return {
          ...priceJson(r),
          monthly: h === undefined ? null : round(h * hours),
          perVcpuHour: h === undefined || !r.specs.vcpu ? null : round(h / r.specs.vcpu),
          perGiBHour: h === undefined || !r.specs.memoryGiB ? null : round(h / r.specs.memoryGiB),
          bestReserved: ri ?? null,
          bestSavingsPlan: sp ?? null,
        };
      }),
      missing,
    });
  } else {
    const rows = [['size', 'vCPU', 'GiB', 'hourly', `monthly (${hours} h)`, 'per vCPU-h', 'per GiB-h', 'best RI (effective/h)', 'best SP (/h)']];
    for (const r of found) {
      const c = r.currency;
      const h = r.onDemand?.hourly;
      const ri = bestReserved(r);
      const sp = bestSavingsPlan(r);
      rows.push([
        r.size,
        r.specs.vcpu !== undefined ? String(r.specs.vcpu) : '-',
        r.specs.memoryGiB !== undefined ? String(r.specs.memoryGiB) : '-',
        formatMoney(h, c),
        h === undefined ? '-' : formatMoney(h * hours, c, 2),
        h === undefined || !r.specs.vcpu ? '-' : formatMoney(h / r.specs.vcpu, c, 5),
        h === undefined || !r.specs.memoryGiB ? '-' : formatMoney(h / r.specs.memoryGiB, c, 5),
        ri ? `${formatMoney(ri.effectiveHourly, c)} ${ri.term} ${ri.class} ${ri.purchase}`.replace(/\s+/g, ' ') : '-',
        sp ? `${formatMoney(sp.hourly, c)} ${sp.plan} ${sp.term} ${sp.purchase}` : '-',
      ]);
    }
    if (found.length > 0) io.stdout.write(`${table(rows)}\n`);
    for (const m of missing) io.stdout.write(`MISSING ${m.size}: ${m.message}\n${m.hint ? `  → ${m.hint}\n` : ''}`);
  }
  return missing.length > 0 ? exitFailed : exitOk;
}

export const indexCli: CliCommand = {
  name: 'index',
  summary: 'build the price index from offer files or a mirror',
  operands: { usage: '[path...]', help: [['path', `offer files, or mirror folders made by download; default ./${defaultOutputDir}`]] },
  options: () => [
    storeOption(),
    numberOption('--workers <n>', 'files indexed in parallel (worker threads); default as many as files, up to 4', { min: 1, max: 16, integer: true }),
    jsonOption(),
    ...progressOptions(),
  ],
  examples: ['price-atlas index', 'price-atlas index path/to/index.json.gz --store /tmp/prices'],
  run: (operands, options, io) => indexCommand(operands, options as IndexOptions, io),
};

/** The options that choose a variant and say how to price it, shared by price and compare. */
function variantOptions(): Option[] {
  return [
    storeOption(),
    valueOption('--os <name>', 'EC2 operating system, default Linux (Windows, RHEL, SUSE, Ubuntu Pro, ...)'),
    valueOption('--tenancy <tenancy>', 'Shared (default), Dedicated'),
    valueOption('--license <model>', 'default "No License required" ("Bring your own license")'),
    valueOption('--software <name>', 'pre-installed software, default NA (SQL Std, SQL Web, SQL Ent)'),
    valueOption('--engine <engine>', 'RDS engine (default MySQL) or ElastiCache engine (default Redis)'),
    valueOption('--edition <edition>', 'RDS edition'),
    valueOption('--deployment <option>', 'RDS deployment: Single-AZ (default) or Multi-AZ'),
    hoursPerMonthOption(),
    jsonOption(),
  ];
}

export const priceCli: CliCommand = {
  name: 'price',
  summary: "one size's prices: On-Demand, Reserved, Savings Plans",
  operands: { usage: '<size>', help: [['size', 'an EC2, RDS, ElastiCache or OpenSearch size, e.g. m7g.large']] },
  options: () => [
    ...variantOptions(),
    new Option('--api', 'when the store has no answer, ask the AWS Pricing API (EC2; needs credentials: the AWS account options)'),
    // --region is the price's region; the rest of the AWS options serve --api and --profile's region.
    ...awsOptions(),
  ],
  examples: [
    'price-atlas price m7g.large --region us-east-1',
    'price-atlas price m5.large --os Windows --tenancy Dedicated --json',
    'price-atlas price db.r6g.large --engine PostgreSQL --deployment Multi-AZ',
  ],
  run: (operands, options, io) => priceCommand(operands, options as PriceOptions, io),
};

export const compareCli: CliCommand = {
  name: 'compare',
  summary: 'sizes side by side: hourly, monthly, per vCPU, per GiB',
  operands: { usage: '<size...>', help: [['size', 'EC2, RDS, ElastiCache or OpenSearch sizes']] },
  options: () => [
    ...variantOptions(),
    // compare reads only --region and --profile (whose region is the default); it accepted price's
    // other options too, so they are still accepted, and hidden from its help.
    ...awsOptions().map((o) => (o.long === '--region' || o.long === '--profile' ? o : o.hideHelp())),
    new Option('--api').hideHelp(),
  ],
  examples: ['price-atlas compare m5.large m6i.large m7g.large --region eu-west-1'],
  run: (operands, options, io) => compareCommand(operands, options as PriceOptions, io),
};
