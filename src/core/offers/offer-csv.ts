/**
 * Streaming reader for AWS offer files in CSV (docs/aws-formats.md §1.5, §1.7): metadata rows, then a
 * header row (columns are found by name: the set differs per service and changes over time),
 * then one row per price dimension, each repeating its product's attributes. Quoted and unquoted
 * fields, `""` escapes and newlines inside quotes are handled; only the needed fields are decoded.
 * Errors name the line.
 */
import { ChunkedScanner, NEED_MORE } from './chunked-scanner';
import { OfferFormatError } from './offer-events';
import type { OfferMetaField, OfferSink, TermAttributes, TermType } from './offer-events';
import { formatLimit, offerLimits } from './offer-limits';
import type { OfferLimits } from './offer-limits';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** CSV display names whose JSON attribute key does not follow the lower-camel-case rule. */
const ATTRIBUTE_KEYS: Readonly<Record<string, string>> = {
  vCPU: 'vcpu',
  'Pre Installed S/W': 'preInstalledSw',
  CapacityStatus: 'capacitystatus',
  usageType: 'usagetype',
  GPU: 'gpu',
  'GPU Memory': 'gpuMemory',
  MarketOption: 'marketoption',
  serviceCode: 'servicecode',
  serviceName: 'servicename',
  ECU: 'ecu',
  instanceSKU: 'instancesku',
  AvailabilityZone: 'availabilityzone',
};

/** "Operating System" -> "operatingSystem", the JSON key AWS uses for the same attribute. */
export function attributeKeyForColumn(name: string): string {
  const known = ATTRIBUTE_KEYS[name];
  if (known) return known;
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (words.length === 0) return name;
  return words.map((w, n) => (n === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join('');
}

const META_ROWS: Readonly<Record<string, OfferMetaField>> = {
  FormatVersion: 'formatVersion',
  'Publication Date': 'publicationDate',
  Version: 'version',
  OfferCode: 'offerCode',
};

interface OfferColumns {
  kind: 'offer';
  sku: number;
  termType: number;
  unit: number;
  price: number;
  currency: number;
  startingRange: number;
  lease: number;
  purchase: number;
  offeringClass: number;
  productFamily: number;
  /** [column, attribute key] for the wanted attributes present in this file. */
  attributes: [number, string][];
}

interface SavingsPlanColumns {
  kind: 'savingsPlan';
  sku: number;
  unit: number;
  rate: number;
  currency: number;
  discountedSku: number;
  discountedServiceCode: number;
  discountedUsageType: number;
  discountedOperation: number;
  purchase: number;
  lease: number;
  leaseUnit: number;
  productFamily: number;
}

const MAX_FIELDS = 1024;

export class OfferCsvParser extends ChunkedScanner {
  private line = 1;
  private columns: OfferColumns | SavingsPlanColumns | undefined;
  private fieldCount = 0;
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  /** Bit per field: 1 = quoted, 2 = has doubled quotes inside. */
  private readonly flags = new Uint8Array(MAX_FIELDS);
  private readonly seen = new Set<string>();
  private readonly terms = new Map<string, TermAttributes>();
  private rows = 0;
  private headerFields = 0;
  private readonly maxField: number;
  private readonly maxRow: number;

  constructor(
    private readonly sink: OfferSink,
    limits: Partial<OfferLimits> = {},
  ) {
    const { maxStringBytes, maxRowBytes } = offerLimits(limits);
    super(maxRowBytes);
    this.maxField = maxStringBytes;
    this.maxRow = maxRowBytes;
    // Every row carries its product, so prices never arrive before their product.
    sink.productsDone();
  }

  protected tooLong(): OfferFormatError {
    return new OfferFormatError(
      `a row longer than ${formatLimit(this.maxRow)}: no AWS offer has one, so the file is damaged (a quote never closed?) or not an offer CSV`,
      `line ${this.line}`,
    );
  }

  protected atEnd(): void {
    // The last row may lack its newline, so only an open quote is left over at the end.
    if (this.carried.length > 0) throw new OfferFormatError('the file ends inside a quoted field: it is truncated (download it again)', `line ${this.line}`);
    if (!this.columns) throw new OfferFormatError('no header row (a row starting with "SKU") was found: this is not an AWS offer CSV', `line ${this.line}`);
  }

  protected run(): void {
    for (;;) {
      if (this.pos >= this.end) {
        if (this.final) return;
        throw NEED_MORE;
      }
      const next = this.row(this.pos);
      const n = this.fieldCount;
      if (n > 0 && !(n === 1 && this.ends[0] === this.starts[0])) {
        if (this.columns) this.dataRowAt();
        else this.preamble();
      }
      this.pos = next;
    }
  }

  /** Splits the row starting at `i` into fields; returns the start of the next row. */
  private row(i: number): number {
    const b = this.b;
    const end = this.end;
    const starts = this.starts;
    const ends = this.ends;
    const flags = this.flags;
    let n = 0;
    let lines = 0;
    for (;;) {
      if (n >= MAX_FIELDS) throw new OfferFormatError(`a row with more than ${MAX_FIELDS} fields`, `line ${this.line}`);
      if (i < end && b[i] === QUOTE) {
        let j = i + 1;
        let flag = 1;
        for (;;) {
          if (j >= end) throw NEED_MORE;
          const c = b[j];
          if (c === QUOTE) {
            if (j + 1 >= end && !this.final) throw NEED_MORE;
            // At the very end of the input there is no next byte: b[end] is stale memory, not data.
            if (j + 1 < end && b[j + 1] === QUOTE) {
              flag = 3;
              j += 2;
              continue;
            }
            break;
          }
          if (c === LF) lines++;
          j++;
        }
        if (j - i - 1 > this.maxField) throw this.fieldTooLong(lines);
        starts[n] = i + 1;
        ends[n] = j;
        flags[n] = flag;
        n++;
        i = j + 1;
      } else {
        let j = i;
        while (j < end) {
          const c = b[j];
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        if (j - i > this.maxField) throw this.fieldTooLong(lines);
        starts[n] = i;
        ends[n] = j;
        flags[n] = 0;
        n++;
        i = j;
      }
      if (i >= end) {
        if (!this.final) throw NEED_MORE;
        this.finishRow(n, lines);
        return i;
      }
      const c = b[i];
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= end && !this.final) throw NEED_MORE;
        if (i + 1 < end && b[i + 1] === LF) i++;
      } else if (c !== LF) {
        throw new OfferFormatError(`unexpected '${String.fromCharCode(c)}' after a quoted field`, `line ${this.line + lines}`);
      }
      this.finishRow(n, lines);
      return i + 1;
    }
  }

  private finishRow(n: number, lines: number): void {
    this.fieldCount = n;
    this.line += lines + 1;
  }

  private fieldTooLong(lines: number): OfferFormatError {
    return new OfferFormatError(
      `a field longer than ${formatLimit(this.maxField)}: no AWS offer has one, so the file is damaged or not an offer CSV`,
      `line ${this.line + lines}`,
    );
  }

  private field(n: number): string {
    if (n < 0 || n >= this.fieldCount) return '';
    const s = this.starts[n];
    const e = this.ends[n];
    if (s === e) return '';
    const f = this.flags[n];
    let text = this.b.latin1Slice(s, e);
    // Only decode as UTF-8 when a byte needs it: most fields are ASCII.
    for (let k = 0; k < text.length; k++) {
      if (text.charCodeAt(k) >= 0x80) {
        text = this.b.utf8Slice(s, e);
        break;
      }
    }
    return f === 3 ? text.replace(/""/g, '"') : text;
  }

  private fieldEquals(n: number, value: string): boolean {
    const s = this.starts[n];
    if (this.ends[n] - s !== value.length) return false;
    for (let k = 0; k < value.length; k++) if (this.b[s + k] !== value.charCodeAt(k)) return false;
    return true;
  }

  /** Metadata rows ("Version","20250912225308") until the header row. */
  private preamble(): void {
    const first = this.field(0).replace(/^\uFEFF/, '');
    // The header is the first row with a SKU column (AWS puts it first; found by name all the same).
    if (this.fieldCount > 2) {
      for (let n = 0; n < this.fieldCount; n++) {
        if (this.fieldEquals(n, 'SKU')) {
          this.header();
          return;
        }
      }
    }
    const meta = META_ROWS[first];
    if (meta && this.fieldCount >= 2) this.sink.meta(meta, this.field(1));
    else if (this.line > 20)
      throw new OfferFormatError('no header row (a row starting with "SKU") in the first lines: this is not an AWS offer CSV', `line ${this.line - 1}`);
  }

  private header(): void {
    this.headerFields = this.fieldCount;
    const names = new Map<string, number>();
    for (let n = 0; n < this.fieldCount; n++) names.set(this.field(n).replace(/^\uFEFF/, ''), n);
    const col = (name: string): number => names.get(name) ?? -1;
    const required = (list: string[]): void => {
      const missing = list.filter((name) => !names.has(name));
      if (missing.length > 0) throw new OfferFormatError(`the header has no ${missing.map((m) => `"${m}"`).join(', ')} column`, `line ${this.line - 1}`);
    };
    if (names.has('DiscountedRate')) {
      required(['SKU', 'DiscountedRate', 'DiscountedUsageType', 'DiscountedOperation', 'LeaseContractLength']);
      this.columns = {
        kind: 'savingsPlan',
        sku: col('SKU'),
        unit: col('Unit'),
        rate: col('DiscountedRate'),
        currency: col('Currency'),
        discountedSku: col('DiscountedSKU'),
        discountedServiceCode: col('DiscountedServiceCode'),
        discountedUsageType: col('DiscountedUsageType'),
        discountedOperation: col('DiscountedOperation'),
        purchase: col('PurchaseOption'),
        lease: col('LeaseContractLength'),
        leaseUnit: col('LeaseContractLengthUnit'),
        productFamily: col('Product Family'),
      };
      return;
    }
    required(['SKU', 'TermType', 'PricePerUnit', 'Unit', 'Currency']);
    const attributes: [number, string][] = [];
    for (const [name, n] of names) {
      const key = attributeKeyForColumn(name);
      if (this.sink.wantedAttributes.has(key)) attributes.push([n, key]);
    }
    this.columns = {
      kind: 'offer',
      sku: col('SKU'),
      termType: col('TermType'),
      unit: col('Unit'),
      price: col('PricePerUnit'),
      currency: col('Currency'),
      startingRange: col('StartingRange'),
      lease: col('LeaseContractLength'),
      purchase: col('PurchaseOption'),
      offeringClass: col('OfferingClass'),
      productFamily: col('Product Family'),
      attributes,
    };
  }

  /** A data row; what the sink refuses (a price that is no number) is placed on its line too. */
  private dataRowAt(): void {
    // AWS writes every column on every row: fewer means a cut (mid-row at the end) or damage.
    if (this.fieldCount !== this.headerFields) {
      throw new OfferFormatError(
        `the row has ${this.fieldCount} fields, the header has ${this.headerFields}: the file is truncated or damaged (download it again)`,
        `line ${this.line - 1}`,
      );
    }
    try {
      this.dataRow();
    } catch (err) {
      if (err instanceof OfferFormatError && !err.where.startsWith('line ')) throw err.at(`line ${this.line - 1}`);
      throw err;
    }
  }

  private dataRow(): void {
    const cols = this.columns!;
    this.rows++;
    if (cols.kind === 'savingsPlan') {
      this.savingsPlanRow(cols);
      return;
    }
    const sku = this.field(cols.sku);
    if (!sku) throw new OfferFormatError('a row without a SKU', `line ${this.line - 1}`);
    const sink = this.sink;
    if (!this.seen.has(sku)) {
      this.seen.add(sku);
      const attributes = new Map<string, string>();
      for (const [n, key] of cols.attributes) {
        const value = this.field(n);
        if (value) attributes.set(key, value);
      }
      sink.product(sku, this.field(cols.productFamily), attributes);
    }
    if (!sink.wantsPrices(sku)) return;
    let type: TermType;
    if (this.fieldEquals(cols.termType, 'OnDemand')) type = 'OnDemand';
    else if (this.fieldEquals(cols.termType, 'Reserved')) type = 'Reserved';
    else return;
    const currency = this.field(cols.currency);
    if (!currency) return;
    let term: TermAttributes = EMPTY_TERM;
    if (type === 'Reserved') {
      const lease = this.field(cols.lease);
      const offeringClass = this.field(cols.offeringClass);
      const purchase = this.field(cols.purchase);
      const key = `${lease}|${offeringClass}|${purchase}`;
      // One shared object per combination, as the JSON reader shares one per term.
      term = this.terms.get(key) ?? { leaseContractLength: lease, offeringClass, purchaseOption: purchase };
      this.terms.set(key, term);
    }
    sink.price(sku, type, term, {
      unit: this.field(cols.unit),
      price: this.field(cols.price),
      currency,
      beginRange: this.field(cols.startingRange),
    });
  }

  private savingsPlanRow(cols: SavingsPlanColumns): void {
    const planSku = this.field(cols.sku);
    const family = this.field(cols.productFamily);
    const purchaseOption = this.field(cols.purchase);
    const lease = Number(this.field(cols.lease));
    const leaseYears = this.field(cols.leaseUnit).startsWith('month') ? lease / 12 : lease;
    if (!this.seen.has(planSku)) {
      this.seen.add(planSku);
      this.sink.savingsPlan?.(
        planSku,
        family,
        new Map([
          ['purchaseOption', purchaseOption],
          ['purchaseTerm', `${leaseYears}yr`],
        ]),
      );
    }
    this.sink.savingsPlanRate?.({
      planSku,
      leaseYears,
      discountedSku: this.field(cols.discountedSku),
      discountedServiceCode: this.field(cols.discountedServiceCode),
      discountedUsageType: this.field(cols.discountedUsageType),
      discountedOperation: this.field(cols.discountedOperation),
      unit: this.field(cols.unit),
      price: this.field(cols.rate),
      currency: this.field(cols.currency),
      purchaseOption,
      productFamily: family,
    });
  }
}

const EMPTY_TERM: TermAttributes = { leaseContractLength: '', offeringClass: '', purchaseOption: '' };
