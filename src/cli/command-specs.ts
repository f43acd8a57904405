import type { OptionSpecs } from './args';
import { awsSpecs, costsSpecs, spotSpecs } from './aws-commands';
import { commonSpecs, downloadSpecs, regionsSpecs, verifySpecs } from './commands';
import { indexSpecs, priceSpecs } from './price-commands';
import { scanSpecs } from './scan-command';
import { estimateSpecs } from './estimate-command';

/**
 * The options each command parses, by command name: the one table that tells whether a command
 * line the program suggests (in a hint, a hover or the README) would be accepted as printed.
 */
export const commandSpecs: Readonly<Record<string, OptionSpecs>> = {
  services: commonSpecs,
  regions: regionsSpecs,
  versions: commonSpecs,
  download: downloadSpecs,
  verify: verifySpecs,
  scan: scanSpecs,
  estimate: estimateSpecs,
  index: indexSpecs,
  price: priceSpecs,
  compare: priceSpecs,
  budgets: awsSpecs,
  costs: costsSpecs,
  spot: spotSpecs,
};
