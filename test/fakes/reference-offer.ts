/**
 * A reference reading of offer files for tests and benchmarks: JSON.parse the whole document and
 * walk it, emitting the same events as the streaming readers. Simple enough to trust; far too
 * slow and memory-hungry for real files.
 */
import { readFileSync } from 'node:fs';
import type { OfferSink, TermAttributes, TermType } from '../../src/core/offers/offer-events';

export interface JsonProduct {
  sku: string;
  productFamily?: string;
  attributes?: Record<string, string>;
}
export interface JsonTerm {
  priceDimensions?: Record<string, { unit: string; beginRange?: string; pricePerUnit: Record<string, string> }>;
  termAttributes?: Record<string, string>;
}

/** Shared walk for the object-based baselines: the events our scanner emits, from parsed objects. */
export class ObjectFeeder {
  private readonly terms = new Map<string, TermAttributes>();
  constructor(private readonly sink: OfferSink) {}

  product(p: JsonProduct): void {
    const attributes = new Map<string, string>();
    for (const [k, v] of Object.entries(p.attributes ?? {})) if (this.sink.wantedAttributes.has(k)) attributes.set(k, v);
    this.sink.product(p.sku, p.productFamily ?? '', attributes);
  }

  skuTerms(type: TermType, sku: string, terms: Record<string, JsonTerm>): void {
    if (!this.sink.wantsPrices(sku)) return;
    for (const t of Object.values(terms)) {
      const a = t.termAttributes ?? {};
      const key = `${a.LeaseContractLength ?? ''}|${a.OfferingClass ?? ''}|${a.PurchaseOption ?? ''}`;
      let term = this.terms.get(key);
      if (!term)
        this.terms.set(
          key,
          (term = { leaseContractLength: a.LeaseContractLength ?? '', offeringClass: a.OfferingClass ?? '', purchaseOption: a.PurchaseOption ?? '' }),
        );
      for (const d of Object.values(t.priceDimensions ?? {})) {
        const [currency, price] = Object.entries(d.pricePerUnit)[0] ?? ['', ''];
        this.sink.price(sku, type, term, { unit: d.unit, price, currency, beginRange: d.beginRange ?? '' });
      }
    }
  }
}

export function feedParsedOffer(file: string, builder: OfferSink): void {
  const feeder = new ObjectFeeder(builder);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as {
    products: Record<string, JsonProduct>;
    terms: Record<string, Record<string, Record<string, JsonTerm>>>;
  };
  for (const p of Object.values(doc.products)) feeder.product(p);
  builder.productsDone();
  for (const type of ['OnDemand', 'Reserved'] as const) {
    for (const [sku, terms] of Object.entries(doc.terms[type] ?? {})) feeder.skuTerms(type, sku, terms);
  }
}
