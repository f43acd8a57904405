/**
 * What fixes a missing price, as data: each host words it itself. The CLI prints the command lines
 * to paste (cli/remedy-text.ts), the editor a command link to its own Download command; neither
 * shows the other's vocabulary (a hover never shows a command line to paste).
 */

export interface DownloadRemedy {
  kind: 'download';
  /** Offer codes to download and index. */
  services: string[];
  regions: string[];
  /** What is missing: the region, the offer in a region, or a size the offer does not list (maybe newer than the data). */
  missing: 'region' | 'offer' | 'size' | 'product';
  /** EC2 sizes only: the Pricing API can answer once, with AWS credentials. */
  pricingApi?: { size: string; region: string };
}

export type PriceRemedy = DownloadRemedy;
