/**
 * What the offer parsers report. JSON and CSV readers emit the same events, so everything after
 * them (the index builder, the benchmarks' baselines) is written once. Events carry AWS's strings
 * untouched: prices stay decimal strings until the index stores them.
 */

export type TermType = 'OnDemand' | 'Reserved';

export type OfferMetaField = 'formatVersion' | 'offerCode' | 'version' | 'publicationDate' | 'regionCode';

/** One price dimension of one term: a JSON `priceDimensions` entry, or one CSV row. */
export interface PriceDimension {
  unit: string;
  /** AWS's decimal string, e.g. "0.0960000000". */
  price: string;
  currency: string;
  /** "" when the dimension has no range (upfront fees). */
  beginRange: string;
}

/** Reserved terms' `termAttributes`; empty strings for On-Demand. */
export interface TermAttributes {
  leaseContractLength: string;
  offeringClass: string;
  purchaseOption: string;
}

/** A Savings Plan rate: what one plan charges for one usage (docs/aws-formats.md §1.5). */
export interface SavingsPlanRate {
  /** The plan's SKU (a product of the Savings Plans file). */
  planSku: string;
  leaseYears: number;
  discountedSku: string;
  discountedServiceCode: string;
  discountedUsageType: string;
  discountedOperation: string;
  unit: string;
  price: string;
  currency: string;
  /** CSV carries the plan's attributes on every row; JSON leaves these to the plan product. */
  purchaseOption?: string;
  productFamily?: string;
}

export interface OfferSink {
  meta(field: OfferMetaField, value: string): void;
  /** Which product attributes to decode; the rest are skipped unread. */
  readonly wantedAttributes: ReadonlySet<string>;
  /** `attributes` holds only wanted keys that the product has. */
  product(sku: string, productFamily: string, attributes: Map<string, string>): void;
  /** Products section has ended (JSON), so `wantsPrices` can now answer for every SKU. */
  productsDone(): void;
  /** Asked before a SKU's terms are parsed; false skips them unparsed. */
  wantsPrices(sku: string): boolean;
  price(sku: string, type: TermType, term: TermAttributes, dim: PriceDimension): void;
  /** Savings Plans files: the plans themselves (family, purchase option, term). */
  savingsPlan?(sku: string, productFamily: string, attributes: Map<string, string>): void;
  savingsPlanRate?(rate: SavingsPlanRate): void;
}

/** A file that is not what an offer file should be; `where` says where the reader stopped. */
export class OfferFormatError extends Error {
  constructor(
    readonly reason: string,
    readonly where: string,
  ) {
    super(`${reason} (${where})`);
    this.name = 'OfferFormatError';
  }

  /** The same error, also placed where the reader knows (a CSV line as well as a SKU). */
  at(where: string): OfferFormatError {
    return new OfferFormatError(this.reason, `${where}, ${this.where}`);
  }
}
