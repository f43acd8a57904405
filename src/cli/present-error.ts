/**
 * The CLI's error presenter: a failure's advice (hint and remedy, core/remedy.ts) as a line a
 * person can act on, with real flags and command lines to paste (test/unit/suggested-commands.test.ts
 * parses each one). The editor words the same remedies as buttons (ui/present-error.ts).
 */
import type { Advice } from '../core/errors';
import { defaultOutputDir, defaultStoreDir } from '../core/mirror/layout';
import type { DownloadRemedy, OptionId, Remedy } from '../core/remedy';
import { commandLine } from '../core/shell-quote';

/** Each option as the CLI spells it: the flag (first word; a test checks every command knows it) and its fallback. */
export const optionFlags: Readonly<Record<OptionId, string>> = {
  endpoint: '--endpoint URL (or PRICE_ATLAS_ENDPOINT)',
  awsEndpoint: '--aws-endpoint URL (or PRICE_ATLAS_AWS_ENDPOINT)',
  region: '--region CODE',
  profile: '--profile NAME (or AWS_PROFILE)',
  outputDir: '--output-dir DIR',
  metricsDir: '--metrics-dir DIR, or --no-metrics',
  store: '--store DIR (or PRICE_ATLAS_STORE)',
  maxConcurrent: '--max-concurrent N',
  maxAttempts: '--max-attempts N',
  maxFileSize: '--max-file-size SIZE',
  totalTimeout: '--total-timeout SECONDS',
  cacheDir: '--cache-dir DIR (or XDG_CACHE_HOME)',
  logLevel: '--log-level debug',
};

const leads: Readonly<Record<NonNullable<DownloadRemedy['missing']>, { lead: string; api: string }>> = {
  region: { lead: 'Download and index the region', api: 'ask the Pricing API once, with AWS credentials' },
  offer: { lead: 'Download and index them', api: '' },
  size: { lead: 'If the size is new, refresh the data', api: 'ask the Pricing API once' },
  product: { lead: 'If the offer is old, refresh it', api: '' },
  file: { lead: 'Download it again', api: '' },
};

export function remedyCommands(remedy: DownloadRemedy, storeArg: string): string {
  const download = commandLine([
    'price-atlas',
    'download',
    ...(remedy.services.length > 0 ? ['--services', ...remedy.services] : []),
    ...(remedy.regions.length > 0 ? ['--regions', ...remedy.regions] : []),
  ]);
  const fix = `${download} && ${commandLine(['price-atlas', 'index', defaultOutputDir, '--store', storeArg])}`;
  const { lead, api } = leads[remedy.missing ?? 'offer'];
  const alternative =
    remedy.pricingApi && api
      ? ` (or ${api}: ${commandLine(['price-atlas', 'price', remedy.pricingApi.size, '--region', remedy.pricingApi.region, '--api'])})`
      : '';
  return `${lead}: ${fix}${alternative}`;
}

function remedyText(remedy: Remedy, storeArg: string): string {
  switch (remedy.kind) {
    case 'download':
      return remedyCommands(remedy, storeArg);
    case 'index':
      return `build the index again: ${commandLine(['price-atlas', 'index', defaultOutputDir, '--store', storeArg])}`;
    case 'list':
      return `list them: ${remedy.of === 'services' ? 'price-atlas services' : commandLine(['price-atlas', 'regions', remedy.service ?? 'SERVICE'])}`;
    case 'option':
      return optionFlags[remedy.option];
  }
}

/** `{ hint }` when there is one: for JSON output, where an absent hint is no key at all. */
export function withHint(hint: string | undefined): { hint?: string } {
  return hint === undefined ? {} : { hint };
}

/**
 * The line under a failure. A download remedy is the whole line (its commands say it all); an
 * option is named after the hint, in brackets; an index rebuild follows the hint.
 */
export function adviceText(advice: Advice, storeArg = defaultStoreDir): string | undefined {
  const { hint, remedy } = advice;
  if (!remedy) return hint;
  if (remedy.kind === 'download') return remedyText(remedy, storeArg);
  const text = remedyText(remedy, storeArg);
  if (!hint) return remedy.kind === 'option' ? `use ${text}` : text;
  return remedy.kind === 'option' ? `${hint} (${text})` : `${hint}; ${text}`;
}
