/**
 * How much of a hostile or broken offer file the readers will hold or decode. Real offers are far
 * inside every limit (the longest AWS string is a ~250-byte disclaimer, the largest entry a
 * Compute Savings Plan with some thousands of rates, a few MB); a file outside them is damaged or
 * not an offer, and is refused with the limit it broke rather than read until memory runs out.
 */
import { formatBytes } from '../format';

export interface OfferLimits {
  /** Longest string (JSON) or field (CSV) read: SKUs, versions, attribute values, prices. */
  maxStringBytes: number;
  /** Longest JSON entry held at once: one product, one SKU's terms, one Savings Plan. */
  maxEntryBytes: number;
  /** Longest CSV row (one price dimension with its product's attributes: ~2 KB in AWS files). */
  maxRowBytes: number;
  /** A gzip file may decode to at most this many bytes (EC2's whole offer is a few GB). */
  maxDecodedBytes: number;
  /** A gzip file may expand at most this many times its compressed size... */
  maxDecodedRatio: number;
  /** ...once past this many decoded bytes, so small, very compressible files pass. */
  decodedSlackBytes: number;
}

export const defaultOfferLimits: Readonly<OfferLimits> = {
  maxStringBytes: 64 * 1024,
  maxEntryBytes: 64 * 1024 * 1024,
  maxRowBytes: 1024 * 1024,
  maxDecodedBytes: 64 * 2 ** 30,
  maxDecodedRatio: 200,
  decodedSlackBytes: 16 * 1024 * 1024,
};

export function offerLimits(overrides: Partial<OfferLimits> = {}): OfferLimits {
  return { ...defaultOfferLimits, ...overrides };
}

/** "64 KiB", "1 MiB": limits are powers of two, shown as such. */
export function formatLimit(bytes: number): string {
  if (bytes >= 2 ** 30 && bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30} GiB`;
  if (bytes >= 2 ** 20 && bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20} MiB`;
  if (bytes >= 2 ** 10 && bytes % 2 ** 10 === 0) return `${bytes / 2 ** 10} KiB`;
  return formatBytes(bytes);
}
