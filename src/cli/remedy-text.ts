/**
 * A missing price's remedy as the CLI says it: the command lines to paste, with real flags and
 * quoted paths (test/unit/suggested-commands.test.ts parses each one).
 */
import type { PriceNotFoundError } from '../core/prices/read/price-index';
import type { PriceRemedy } from '../core/prices/read/price-remedy';
import { commandLine } from '../core/shell-quote';
import { defaultOutputDir } from '../core/mirror/layout';

const leads: Readonly<Record<PriceRemedy['missing'], { lead: string; api: string }>> = {
  region: { lead: 'Download and index the region', api: 'ask the Pricing API once, with AWS credentials' },
  offer: { lead: 'Download and index them', api: '' },
  size: { lead: 'If the size is new, refresh the data', api: 'ask the Pricing API once' },
  product: { lead: 'If the offer is old, refresh it', api: '' },
};

export function remedyCommands(remedy: PriceRemedy, storeArg: string): string {
  const fix = `${commandLine(['price-atlas', 'download', '--services', ...remedy.services, '--regions', ...remedy.regions])} && ${commandLine(['price-atlas', 'index', defaultOutputDir, '--store', storeArg])}`;
  const { lead, api } = leads[remedy.missing];
  const alternative = remedy.pricingApi && api ? ` (or ${api}: ${commandLine(['price-atlas', 'price', remedy.pricingApi.size, '--region', remedy.pricingApi.region, '--api'])})` : '';
  return `${lead}: ${fix}${alternative}`;
}

/** The line under a miss: its commands, or the hint it carries (the variants there are), or nothing. */
export function missHint(miss: PriceNotFoundError, storeArg: string): string | undefined {
  return miss.remedy ? remedyCommands(miss.remedy, storeArg) : miss.hint;
}
