/**
 * Streaming reader for AWS offer files in JSON (docs/aws-formats.md §1.5-1.6).
 *
 * A byte-level scanner, not a general JSON parser: it walks the fixed shape of an offer file,
 * decodes only the strings the sink wants (product attributes, units, prices, term attributes)
 * and hops over everything else. Memory stays flat: chunks are scanned in place and only the
 * unfinished tail (at most one product or one SKU's terms) is carried to the next chunk.
 *
 * Work is committed one entry at a time (a product, or all terms of one SKU). When a chunk ends
 * inside an entry, the scanner throws NEED_MORE, keeps the entry's bytes, and starts it again
 * once more bytes arrive, so no sink call ever sees half an entry.
 */
import { ChunkedScanner, NEED_MORE } from './chunked-scanner';
import { OfferFormatError } from './offer-events';
import type { OfferMetaField, OfferSink, PriceDimension, TermAttributes, TermType } from './offer-events';
import { formatLimit, offerLimits } from './offer-limits';
import type { OfferLimits } from './offer-limits';

const QUOTE = 0x22;
const BSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACK = 0x5b;
const RBRACK = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const ST_BEGIN = 0;
const ST_TOP = 1;
const ST_PRODUCTS = 2;
const ST_TERMS = 3;
const ST_TERM_ENTRIES = 4;
const ST_SP_ENTRIES = 5;
const ST_SKIP = 6;
const ST_DONE = 7;

const STATE_NAMES = ['the start of the file', 'the top-level object', 'products', 'terms', 'terms', 'savingsPlan terms', 'a skipped value', 'the end'];

const META_FIELDS: ReadonlySet<string> = new Set<OfferMetaField>(['formatVersion', 'offerCode', 'version', 'publicationDate', 'regionCode']);

function bytes(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

const K_SKU = bytes('sku');
const K_PRODUCT_FAMILY = bytes('productFamily');
const K_ATTRIBUTES = bytes('attributes');
const K_PRICE_DIMENSIONS = bytes('priceDimensions');
const K_TERM_ATTRIBUTES = bytes('termAttributes');
const K_UNIT = bytes('unit');
const K_PRICE_PER_UNIT = bytes('pricePerUnit');
const K_BEGIN_RANGE = bytes('beginRange');
const K_LEASE = bytes('LeaseContractLength');
const K_CLASS = bytes('OfferingClass');
const K_PURCHASE = bytes('PurchaseOption');

const INTERN_MASK = 4095;

const EMPTY_TERM: TermAttributes = { leaseContractLength: '', offeringClass: '', purchaseOption: '' };

export class OfferJsonParser extends ChunkedScanner {
  private state = ST_BEGIN;
  private firstTop = true;
  private firstProducts = true;
  private firstTerms = true;
  private firstEntries = true;
  private productsArray = false;
  private termType: TermType = 'OnDemand';

  // Resumable skip of a value too large to hold (unknown top-level keys, unused term types).
  private skipReturn = ST_TOP;
  private skipStarted = false;
  private skipDepth = 0;
  private skipInString = false;
  private skipEscape = false;

  /** Set by the string scanners: the last string had an escape or a non-ASCII byte. */
  private special = false;
  private readonly pendingTerms: TermAttributes[] = [];
  private readonly pendingDims: PriceDimension[] = [];
  private readonly terms = new Map<string, TermAttributes>();
  private readonly dims: PriceDimension[] = [];
  private readonly wanted: ReadonlySet<string>;
  private readonly interned: (string | undefined)[] = new Array<string | undefined>(INTERN_MASK + 1).fill(undefined);
  /** Longest string or scalar read; also bounds a string inside a skipped value. */
  private readonly maxString: number;
  private readonly maxEntry: number;
  /** Absolute offset where the string being skipped by resumeSkip began. */
  private skipStringFrom = 0;

  constructor(
    private readonly sink: OfferSink,
    limits: Partial<OfferLimits> = {},
  ) {
    const { maxStringBytes, maxEntryBytes } = offerLimits(limits);
    super(maxEntryBytes);
    this.maxString = maxStringBytes;
    this.maxEntry = maxEntryBytes;
    this.wanted = sink.wantedAttributes;
  }

  protected tooLong(): OfferFormatError {
    return this.error(
      `an entry (a product, one SKU's terms or a Savings Plan) longer than ${formatLimit(this.maxEntry)}: no AWS offer has one, so the file is damaged or not an offer file`,
      0,
    );
  }

  private stringTooLong(at: number, what = 'a string'): OfferFormatError {
    return this.error(`${what} longer than ${formatLimit(this.maxString)}: no AWS offer has one, so the file is damaged or not an offer file`, at);
  }

  protected atEnd(): void {
    if (this.state !== ST_DONE) {
      throw new OfferFormatError(`the file ends early, inside ${STATE_NAMES[this.state]}: it is truncated or not a complete offer file`, `byte ${this.base}`);
    }
    const rest = this.carried;
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) throw this.error('unexpected data after the end of the offer', i);
    }
  }

  private unexpected(at: number, wanted: string): OfferFormatError {
    const c = this.b[at];
    const shown = c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `0x${c.toString(16)}`;
    return this.error(`expected ${wanted} but found ${shown}`, at);
  }

  protected run(): void {
    for (;;) {
      switch (this.state) {
        case ST_BEGIN:
          this.begin();
          break;
        case ST_TOP:
          this.topKey();
          break;
        case ST_PRODUCTS:
          this.productEntry();
          break;
        case ST_TERMS:
          this.termsKey();
          break;
        case ST_TERM_ENTRIES:
          this.termEntry();
          break;
        case ST_SP_ENTRIES:
          this.savingsPlanEntry();
          break;
        case ST_SKIP:
          this.resumeSkip();
          break;
        default:
          this.trailing();
          return;
      }
    }
  }

  private trailing(): void {
    const b = this.b;
    for (let i = this.pos; i < this.end; i++) {
      const c = b[i];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) throw this.error('unexpected data after the end of the offer', i);
    }
    this.pos = this.end;
  }

  private begin(): void {
    let i = this.ws(this.pos);
    // A UTF-8 byte-order mark is harmless; skip it.
    if (this.b[i] === 0xef && this.base + i === 0) i = this.ws(i + 3);
    if (this.b[i] !== LBRACE) throw this.unexpected(i, "'{' (an offer file is one JSON object)");
    this.pos = i + 1;
    this.state = ST_TOP;
  }

  private topKey(): void {
    const b = this.b;
    let i = this.ws(this.pos);
    let c = b[i];
    if (c === RBRACE) {
      this.pos = i + 1;
      this.state = ST_DONE;
      return;
    }
    if (!this.firstTop) {
      if (c !== COMMA) throw this.unexpected(i, "',' or '}'");
      i = this.ws(i + 1);
      c = b[i];
    }
    if (c !== QUOTE) throw this.unexpected(i, 'a key');
    const ks = i + 1;
    const ke = this.stringEnd(ks);
    const key = this.decode(ks, ke);
    i = this.colon(ke + 1);
    c = b[i];
    if (key === 'products') {
      if (c !== LBRACE && c !== LBRACK) throw this.unexpected(i, "'{' or '[' after \"products\"");
      this.productsArray = c === LBRACK;
      this.firstProducts = true;
      this.state = ST_PRODUCTS;
      i++;
    } else if (key === 'terms') {
      if (c !== LBRACE) throw this.unexpected(i, '\'{\' after "terms"');
      this.firstTerms = true;
      this.state = ST_TERMS;
      i++;
    } else if (META_FIELDS.has(key) && c === QUOTE) {
      const ve = this.stringEnd(i + 1);
      this.sink.meta(key as OfferMetaField, this.decode(i + 1, ve));
      i = ve + 1;
    } else {
      this.startSkip(ST_TOP);
    }
    this.firstTop = false;
    this.pos = i;
  }

  private productEntry(): void {
    const b = this.b;
    let i = this.ws(this.pos);
    let c = b[i];
    if (c === (this.productsArray ? RBRACK : RBRACE)) {
      this.pos = i + 1;
      this.state = ST_TOP;
      this.sink.productsDone();
      return;
    }
    if (!this.firstProducts) {
      if (c !== COMMA) throw this.unexpected(i, this.productsArray ? "',' or ']'" : "',' or '}'");
      i = this.ws(i + 1);
      c = b[i];
    }
    if (this.productsArray) {
      // Savings Plans files: a short array of plans; plain JSON.parse is simplest and cheap here.
      const e = this.skipValueAt(i);
      const plan = this.parseSlice(i, e) as { sku?: unknown; productFamily?: unknown; attributes?: unknown };
      this.pos = e;
      this.firstProducts = false;
      const attributes = new Map<string, string>();
      if (plan.attributes && typeof plan.attributes === 'object') {
        for (const [k, v] of Object.entries(plan.attributes)) if (typeof v === 'string') attributes.set(k, v);
      }
      this.sink.savingsPlan?.(String(plan.sku ?? ''), String(plan.productFamily ?? ''), attributes);
      return;
    }
    if (c !== QUOTE) throw this.unexpected(i, 'a product SKU');
    const ke = this.stringEnd(i + 1);
    const keySku = this.decode(i + 1, ke);
    i = this.colon(ke + 1);
    if (b[i] !== LBRACE) throw this.unexpected(i, "'{' (a product)");
    // Product body: sku, productFamily and attributes, in whatever order they come.
    let sku = '';
    let family = '';
    const attributes = new Map<string, string>();
    i = this.ws(i + 1);
    if (b[i] === RBRACE) {
      i++;
    } else {
      for (;;) {
        if (b[i] !== QUOTE) throw this.unexpected(i, 'a key');
        const fs = i + 1;
        const fe = this.stringEnd(fs);
        i = this.colon(fe + 1);
        if (this.keyIs(fs, fe, K_SKU) && b[i] === QUOTE) {
          const ve = this.stringEnd(i + 1);
          sku = this.decode(i + 1, ve);
          i = ve + 1;
        } else if (this.keyIs(fs, fe, K_PRODUCT_FAMILY) && b[i] === QUOTE) {
          const ve = this.stringEnd(i + 1);
          family = this.decodeShort(i + 1, ve);
          i = ve + 1;
        } else if (this.keyIs(fs, fe, K_ATTRIBUTES) && b[i] === LBRACE) {
          i = this.attributes(i, attributes);
        } else {
          i = this.skipValueAt(i);
        }
        i = this.afterMember(i, RBRACE, 'in a product');
        if (i < 0) {
          i = ~i;
          break;
        }
      }
    }
    if (!sku) sku = keySku;
    this.pos = i;
    this.firstProducts = false;
    this.sink.product(sku, family, attributes);
  }

  private attributes(i: number, out: Map<string, string>): number {
    const b = this.b;
    const wanted = this.wanted;
    i = this.ws(i + 1);
    if (b[i] === RBRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) throw this.unexpected(i, 'an attribute name');
      const ks = i + 1;
      const ke = this.stringEnd(ks);
      const key = this.decodeShort(ks, ke);
      i = this.colon(ke + 1);
      if (b[i] === QUOTE) {
        const ve = this.stringEnd(i + 1);
        if (wanted.has(key)) out.set(key, this.decodeShort(i + 1, ve));
        i = ve + 1;
      } else {
        i = this.skipValueAt(i);
      }
      i = this.afterMember(i, RBRACE, 'in attributes');
      if (i < 0) return ~i;
    }
  }

  private termsKey(): void {
    const b = this.b;
    let i = this.ws(this.pos);
    let c = b[i];
    if (c === RBRACE) {
      this.pos = i + 1;
      this.state = ST_TOP;
      return;
    }
    if (!this.firstTerms) {
      if (c !== COMMA) throw this.unexpected(i, "',' or '}' in terms");
      i = this.ws(i + 1);
      c = b[i];
    }
    if (c !== QUOTE) throw this.unexpected(i, 'a term type');
    const ks = i + 1;
    const ke = this.stringEnd(ks);
    const key = this.decode(ks, ke);
    i = this.colon(ke + 1);
    c = b[i];
    if ((key === 'OnDemand' || key === 'Reserved') && c === LBRACE) {
      this.termType = key;
      this.firstEntries = true;
      this.state = ST_TERM_ENTRIES;
      i++;
    } else if (key === 'savingsPlan' && c === LBRACK) {
      this.firstEntries = true;
      this.state = ST_SP_ENTRIES;
      i++;
    } else {
      this.startSkip(ST_TERMS);
    }
    this.firstTerms = false;
    this.pos = i;
  }

  private termEntry(): void {
    const b = this.b;
    let i = this.ws(this.pos);
    let c = b[i];
    if (c === RBRACE) {
      this.pos = i + 1;
      this.state = ST_TERMS;
      return;
    }
    if (!this.firstEntries) {
      if (c !== COMMA) throw this.unexpected(i, "',' or '}' between SKUs' terms");
      i = this.ws(i + 1);
      c = b[i];
    }
    if (c !== QUOTE) throw this.unexpected(i, 'a SKU');
    const ks = i + 1;
    const ke = this.stringEnd(ks);
    const sku = this.decode(ks, ke);
    i = this.colon(ke + 1);
    if (b[i] !== LBRACE) throw this.unexpected(i, "'{' (a SKU's terms)");
    const pendingTerms = this.pendingTerms;
    const pendingDims = this.pendingDims;
    pendingTerms.length = 0;
    pendingDims.length = 0;
    if (!this.sink.wantsPrices(sku)) {
      i = this.skipValueAt(i);
    } else {
      i = this.ws(i + 1);
      if (b[i] === RBRACE) {
        i++;
      } else {
        for (;;) {
          if (b[i] !== QUOTE) throw this.unexpected(i, 'a term code');
          i = this.colon(this.stringEnd(i + 1) + 1);
          i = this.term(i);
          i = this.afterMember(i, RBRACE, 'between terms');
          if (i < 0) {
            i = ~i;
            break;
          }
        }
      }
    }
    this.pos = i;
    this.firstEntries = false;
    const type = this.termType;
    for (let n = 0; n < pendingDims.length; n++) this.sink.price(sku, type, pendingTerms[n], pendingDims[n]);
    pendingTerms.length = 0;
    pendingDims.length = 0;
  }

  /** One term object: its price dimensions and, for Reserved, its lease / class / purchase option. */
  private term(i: number): number {
    const b = this.b;
    if (b[i] !== LBRACE) throw this.unexpected(i, "'{' (a term)");
    const dims = this.dims;
    dims.length = 0;
    let term = EMPTY_TERM;
    i = this.ws(i + 1);
    if (b[i] === RBRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) throw this.unexpected(i, 'a key in a term');
      const ks = i + 1;
      const ke = this.stringEnd(ks);
      i = this.colon(ke + 1);
      if (this.keyIs(ks, ke, K_PRICE_DIMENSIONS) && b[i] === LBRACE) {
        i = this.dimensions(i);
      } else if (this.keyIs(ks, ke, K_TERM_ATTRIBUTES) && b[i] === LBRACE) {
        const attrs = { leaseContractLength: '', offeringClass: '', purchaseOption: '' };
        i = this.termAttributes(i, attrs);
        term = this.sharedTerm(attrs);
      } else {
        i = this.skipValueAt(i);
      }
      i = this.afterMember(i, RBRACE, 'in a term');
      if (i < 0) {
        i = ~i;
        break;
      }
    }
    for (let n = 0; n < dims.length; n++) {
      this.pendingTerms.push(term);
      this.pendingDims.push(dims[n]);
    }
    dims.length = 0;
    return i;
  }

  private dimensions(i: number): number {
    const b = this.b;
    i = this.ws(i + 1);
    if (b[i] === RBRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) throw this.unexpected(i, 'a rate code');
      i = this.colon(this.stringEnd(i + 1) + 1);
      i = this.dimension(i);
      i = this.afterMember(i, RBRACE, 'between price dimensions');
      if (i < 0) return ~i;
    }
  }

  private dimension(i: number): number {
    const b = this.b;
    if (b[i] !== LBRACE) throw this.unexpected(i, "'{' (a price dimension)");
    let unit = '';
    let price = '';
    let currency = '';
    let beginRange = '';
    i = this.ws(i + 1);
    if (b[i] !== RBRACE) {
      for (;;) {
        if (b[i] !== QUOTE) throw this.unexpected(i, 'a key in a price dimension');
        const ks = i + 1;
        const ke = this.stringEnd(ks);
        i = this.colon(ke + 1);
        if (b[i] === QUOTE && this.keyIs(ks, ke, K_UNIT)) {
          const ve = this.stringEnd(i + 1);
          unit = this.decodeShort(i + 1, ve);
          i = ve + 1;
        } else if (b[i] === QUOTE && this.keyIs(ks, ke, K_BEGIN_RANGE)) {
          const ve = this.stringEnd(i + 1);
          beginRange = this.decodeShort(i + 1, ve);
          i = ve + 1;
        } else if (b[i] === LBRACE && this.keyIs(ks, ke, K_PRICE_PER_UNIT)) {
          // {"USD": "0.096"}: one currency per dimension; never assume it is USD (CNY in China).
          i = this.ws(i + 1);
          if (b[i] !== RBRACE) {
            for (;;) {
              if (b[i] !== QUOTE) throw this.unexpected(i, 'a currency');
              const cs = i + 1;
              const ce = this.stringEnd(cs);
              i = this.colon(ce + 1);
              if (b[i] === QUOTE) {
                const ve = this.stringEnd(i + 1);
                if (!currency) {
                  currency = this.decodeShort(cs, ce);
                  price = this.decode(i + 1, ve);
                }
                i = ve + 1;
              } else if (b[i] !== LBRACE && b[i] !== LBRACK) {
                // A number where AWS writes a string ("USD": 0.0104) is the same price: keep its
                // text, so the index sees exactly what a string would give (and refuses null).
                const ve = this.skipScalar(i);
                if (!currency) {
                  currency = this.decodeShort(cs, ce);
                  price = this.b.latin1Slice(i, ve);
                }
                i = ve;
              } else {
                i = this.skipValueAt(i);
              }
              i = this.afterMember(i, RBRACE, 'in pricePerUnit');
              if (i < 0) {
                i = ~i - 1; // the closing byte; the caller steps over it
                break;
              }
            }
          }
          i++;
        } else {
          i = this.skipValueAt(i);
        }
        i = this.afterMember(i, RBRACE, 'in a price dimension');
        if (i < 0) {
          i = ~i - 1; // the closing byte; the caller steps over it
          break;
        }
      }
    }
    if (currency) this.dims.push({ unit, price, currency, beginRange });
    return i + 1;
  }

  /** One object per lease/class/purchase combination, so sinks can key on identity. */
  private sharedTerm(attrs: TermAttributes): TermAttributes {
    const key = `${attrs.leaseContractLength}|${attrs.offeringClass}|${attrs.purchaseOption}`;
    const known = this.terms.get(key);
    if (known) return known;
    this.terms.set(key, attrs);
    return attrs;
  }

  private termAttributes(i: number, out: { leaseContractLength: string; offeringClass: string; purchaseOption: string }): number {
    const b = this.b;
    i = this.ws(i + 1);
    if (b[i] === RBRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) throw this.unexpected(i, 'a term attribute');
      const ks = i + 1;
      const ke = this.stringEnd(ks);
      i = this.colon(ke + 1);
      if (b[i] === QUOTE) {
        const ve = this.stringEnd(i + 1);
        if (this.keyIs(ks, ke, K_LEASE)) out.leaseContractLength = this.decodeShort(i + 1, ve);
        else if (this.keyIs(ks, ke, K_CLASS)) out.offeringClass = this.decodeShort(i + 1, ve);
        else if (this.keyIs(ks, ke, K_PURCHASE)) out.purchaseOption = this.decodeShort(i + 1, ve);
        i = ve + 1;
      } else {
        i = this.skipValueAt(i);
      }
      i = this.afterMember(i, RBRACE, 'in termAttributes');
      if (i < 0) return ~i;
    }
  }

  /** terms.savingsPlan[]: one plan with all its rates per entry (docs/aws-formats.md §1.5). */
  private savingsPlanEntry(): void {
    const b = this.b;
    let i = this.ws(this.pos);
    let c = b[i];
    if (c === RBRACK) {
      this.pos = i + 1;
      this.state = ST_TERMS;
      return;
    }
    if (!this.firstEntries) {
      if (c !== COMMA) throw this.unexpected(i, "',' or ']' between Savings Plans");
      i = this.ws(i + 1);
      c = b[i];
    }
    if (c !== LBRACE) throw this.unexpected(i, "'{' (a Savings Plan)");
    const e = this.skipValueAt(i);
    const plan = this.parseSlice(i, e) as {
      sku?: unknown;
      leaseContractLength?: { duration?: unknown; unit?: unknown };
      rates?: unknown;
    };
    this.pos = e;
    this.firstEntries = false;
    const emit = this.sink.savingsPlanRate;
    if (!emit || !Array.isArray(plan.rates)) return;
    const planSku = String(plan.sku ?? '');
    const lease = plan.leaseContractLength;
    const duration = Number(lease?.duration);
    const leaseYears = String(lease?.unit ?? 'year').startsWith('month') ? duration / 12 : duration;
    for (const r of plan.rates as Record<string, unknown>[]) {
      const rate = r.discountedRate as { price?: unknown; currency?: unknown } | undefined;
      emit.call(this.sink, {
        planSku,
        leaseYears,
        discountedSku: String(r.discountedSku ?? ''),
        discountedServiceCode: String(r.discountedServiceCode ?? ''),
        discountedUsageType: String(r.discountedUsageType ?? ''),
        discountedOperation: String(r.discountedOperation ?? ''),
        unit: String(r.unit ?? ''),
        price: String(rate?.price ?? ''),
        currency: String(rate?.currency ?? ''),
      });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scanning primitives. All throw NEED_MORE at the end of the bytes at hand.

  /**
   * After a member of an object or array: a ',' gives the index of the next member; the closing
   * byte gives the index just after it, complemented (negative), so loops end with `i = ~i`.
   */
  private afterMember(i: number, close: number, what: string): number {
    i = this.ws(i);
    const c = this.b[i];
    if (c === COMMA) return this.ws(i + 1);
    if (c === close) return ~(i + 1);
    throw this.unexpected(i, `',' or '${String.fromCharCode(close)}' ${what}`);
  }

  private ws(i: number): number {
    const b = this.b;
    const end = this.end;
    while (i < end) {
      const c = b[i];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
      i++;
    }
    throw NEED_MORE;
  }

  /** After a key: whitespace, ':', whitespace; returns the start of the value. */
  private colon(i: number): number {
    i = this.ws(i);
    if (this.b[i] !== COLON) throw this.unexpected(i, "':'");
    return this.ws(i + 1);
  }

  /** `i` is just past an opening quote; returns the index of the closing quote. */
  private stringEnd(i: number): number {
    const b = this.b;
    const end = this.end;
    const start = i;
    // Scanning stops at the limit, so a string that never ends is refused, not carried.
    const stop = Math.min(end, start + this.maxString + 1);
    let special = false;
    while (i < stop) {
      const c = b[i];
      if (c === QUOTE) {
        this.special = special;
        return i;
      }
      if (c === BSLASH) {
        special = true;
        i += 2;
        continue;
      }
      if (c >= 0x80) special = true;
      else if (c < 0x20) throw this.error('a control character inside a string (the file is not valid JSON)', i);
      i++;
    }
    if (stop < end || i - start > this.maxString) throw this.stringTooLong(start);
    throw NEED_MORE;
  }

  /** Decodes the string whose content is b[s..e) (as left by the last stringEnd call). */
  private decode(s: number, e: number): string {
    if (!this.special) return this.b.latin1Slice(s, e);
    const raw = this.b.utf8Slice(s - 1, e + 1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      throw this.error('a string with an invalid escape', s);
    }
  }

  /**
   * Decodes a short, often repeated string (attribute names and values, units, currencies) from a
   * small cache: comparing a dozen bytes is cheaper than building the same string again.
   */
  private decodeShort(s: number, e: number): string {
    const n = e - s;
    if (this.special || n > 40) return this.decode(s, e);
    const b = this.b;
    let h = n;
    for (let k = s; k < e; k++) h = (Math.imul(h, 31) + b[k]) | 0;
    const slot = (h ^ (h >>> 13)) & INTERN_MASK;
    const cached = this.interned[slot];
    if (cached !== undefined && cached.length === n) {
      let k = 0;
      while (k < n && cached.charCodeAt(k) === b[s + k]) k++;
      if (k === n) return cached;
    }
    const text = b.latin1Slice(s, e);
    this.interned[slot] = text;
    return text;
  }

  private keyIs(s: number, e: number, key: Uint8Array): boolean {
    const n = key.length;
    if (e - s !== n) return this.special && this.decode(s, e) === Buffer.from(key).toString('latin1');
    const b = this.b;
    for (let k = 0; k < n; k++) if (b[s + k] !== key[k]) return false;
    return true;
  }

  /** Skips one complete value starting at `i` (which must be its first byte); returns the index after it. */
  private skipValueAt(i: number): number {
    const b = this.b;
    const end = this.end;
    let c = b[i];
    if (c === QUOTE) return this.skipString(i + 1);
    if (c !== LBRACE && c !== LBRACK) return this.skipScalar(i);
    let depth = 0;
    while (i < end) {
      c = b[i];
      if (c === QUOTE) {
        i = this.skipString(i + 1);
        continue;
      }
      if (c === LBRACE || c === LBRACK) depth++;
      else if (c === RBRACE || c === RBRACK) {
        if (--depth === 0) return i + 1;
      }
      i++;
    }
    throw NEED_MORE;
  }

  /** `i` is just past the opening quote; returns the index after the closing quote. */
  private skipString(i: number): number {
    const b = this.b;
    const end = this.end;
    const start = i;
    const stop = Math.min(end, start + this.maxString + 1);
    while (i < stop) {
      const c = b[i];
      if (c === QUOTE) return i + 1;
      i += c === BSLASH ? 2 : 1;
    }
    if (stop < end || i - start > this.maxString) throw this.stringTooLong(start);
    throw NEED_MORE;
  }

  private skipScalar(i: number): number {
    const b = this.b;
    const end = this.end;
    const start = i;
    const stop = Math.min(end, start + this.maxString + 1);
    while (i < stop) {
      const c = b[i];
      // Numbers, true, false, null: letters, digits, sign, dot.
      if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2d || c === 0x2b || c === 0x2e) {
        i++;
        continue;
      }
      if (i === start) throw this.unexpected(i, 'a value');
      return i;
    }
    if (stop < end) throw this.stringTooLong(start, 'a number or literal');
    throw NEED_MORE;
  }

  private parseSlice(s: number, e: number): unknown {
    try {
      return JSON.parse(this.b.utf8Slice(s, e));
    } catch (err) {
      throw this.error(`invalid JSON: ${(err as Error).message}`, s);
    }
  }

  /** Starts skipping the value at this.pos-to-be; the value may be larger than any buffer. */
  private startSkip(returnTo: number): void {
    this.skipReturn = returnTo;
    this.skipStarted = false;
    this.skipDepth = 0;
    this.skipInString = false;
    this.skipEscape = false;
    this.state = ST_SKIP;
  }

  private resumeSkip(): void {
    const b = this.b;
    const end = this.end;
    let i = this.pos;
    if (!this.skipStarted) {
      i = this.ws(i);
      const c = b[i];
      if (c !== LBRACE && c !== LBRACK && c !== QUOTE) {
        this.pos = this.skipScalar(i);
        this.state = this.skipReturn;
        return;
      }
      this.skipStarted = true;
      if (c === QUOTE) {
        this.skipInString = true;
        this.skipStringFrom = this.base + i + 1;
      } else this.skipDepth = 1;
      i++;
    }
    let depth = this.skipDepth;
    let inString = this.skipInString;
    let escape = this.skipEscape;
    // Skipped values stream through without being held, but their strings obey the same limit.
    let from = inString ? this.skipStringFrom - this.base : i;
    while (i < end) {
      const c = b[i++];
      if (inString) {
        if (escape) escape = false;
        else if (c === BSLASH) escape = true;
        else if (c === QUOTE) {
          inString = false;
          if (i - 1 - from > this.maxString) throw this.stringTooLong(from);
          if (depth === 0) break;
        }
      } else if (c === QUOTE) {
        inString = true;
        from = i;
      } else if (c === LBRACE || c === LBRACK) depth++;
      else if (c === RBRACE || c === RBRACK) {
        if (--depth === 0) break;
      }
    }
    if (inString && i - from > this.maxString) throw this.stringTooLong(from);
    this.skipStringFrom = this.base + from;
    this.pos = i;
    if (depth === 0 && !inString) {
      this.state = this.skipReturn;
      return;
    }
    this.skipDepth = depth;
    this.skipInString = inString;
    this.skipEscape = escape;
    throw NEED_MORE;
  }
}
