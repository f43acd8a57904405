/**
 * What fixes a failure, as data. Core says what to do; each host words it in its own vocabulary:
 * the CLI as flags and command lines to paste (cli/present-error.ts), the editor as buttons and
 * command links to its own commands and settings (ui/present-error.ts). The hint that goes with a
 * remedy is written for neither host: it names no flag, no command and no setting.
 */

/** The knobs a remedy can point at; each host maps them to a flag or a setting (or to nothing). */
export type OptionId =
  | 'endpoint'
  | 'awsEndpoint'
  | 'region'
  | 'profile'
  | 'outputDir'
  | 'metricsDir'
  | 'store'
  | 'maxConcurrent'
  | 'maxAttempts'
  | 'maxFileSize'
  | 'totalTimeout'
  | 'cacheDir'
  | 'logLevel';

export interface DownloadRemedy {
  kind: 'download';
  /** Offer codes to download and index; empty when the fix is any download (the offer index first). */
  services: string[];
  /** Regions to download; empty for whole offer files. */
  regions: string[];
  /** What is missing: the region, the offer in a region, or a size the offer does not list (maybe newer than the data). */
  missing?: 'region' | 'offer' | 'size' | 'product' | 'file';
  /** EC2 sizes only: the Pricing API can answer once, with AWS credentials. */
  pricingApi?: { size: string; region: string };
}

/** Build the index from the downloaded files again. */
export interface IndexRemedy {
  kind: 'index';
}

/** Look up the names to use: the offer codes, or the regions of one offer. */
export interface ListRemedy {
  kind: 'list';
  of: 'services' | 'regions';
  /** The offer whose regions to list; absent: whichever the person meant. */
  service?: string;
}

/** Change one of the options (a flag on the command line, a setting in the editor). */
export interface OptionRemedy {
  kind: 'option';
  option: OptionId;
}

export type Remedy = DownloadRemedy | IndexRemedy | ListRemedy | OptionRemedy;

export function optionRemedy(option: OptionId): OptionRemedy {
  return { kind: 'option', option };
}
