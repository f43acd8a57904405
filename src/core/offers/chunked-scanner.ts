/**
 * The chunk plumbing shared by the offer readers: scan each chunk in place, carry the unfinished
 * tail (one entry or one row) to the next chunk in memory we own, and retry it when more bytes
 * arrive. Subclasses throw NEED_MORE from `run()` when an entry continues past `end`.
 *
 * The carried tail is bounded: an entry that is still unfinished after `maxCarry` bytes is refused
 * (`tooLong`), so a file that never closes a string or a row cannot make the reader hold it all.
 */
import { OfferFormatError } from './offer-events';

export const NEED_MORE: unique symbol = Symbol('need more bytes');

export type ScanBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

export abstract class ChunkedScanner {
  protected b: ScanBuffer = Buffer.alloc(0) as ScanBuffer;
  protected end = 0;
  protected pos = 0;
  /** Absolute offset of b[0] in the input, for error messages. */
  protected base = 0;
  /** No more input will come: an entry may end at `end` (CSV's last row without a newline). */
  protected final = false;

  private carry: Buffer = Buffer.allocUnsafe(64 * 1024);
  private carryLen = 0;
  /**
   * After an entry did not fit, wait for twice its bytes before trying it again: retries stay
   * linear whatever was unfinished (an entry, one long token, a run of whitespace).
   */
  private minBytes = 0;

  /** @param maxCarry longest unfinished tail held between chunks (one entry, one row). */
  constructor(private readonly maxCarry: number) {}

  /** Scan b[pos..end) as far as whole entries go; throw NEED_MORE (or return) to stop. */
  protected abstract run(): void;
  /** Called once after the last chunk was scanned; throws if the input stopped early. */
  protected abstract atEnd(): void;
  /** The error for an entry (starting at `offset`) that is still unfinished after `maxCarry` bytes. */
  protected abstract tooLong(): OfferFormatError;

  /** Feed the next bytes. The chunk is not kept after this returns, so callers may reuse it. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    let buf: Buffer;
    if (this.carryLen === 0) {
      buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      this.end = chunk.length;
    } else {
      this.ensureCarry(this.carryLen + chunk.length);
      this.carry.set(chunk, this.carryLen);
      this.carryLen += chunk.length;
      if (this.carryLen < this.minBytes) return;
      buf = this.carry;
      this.end = this.carryLen;
    }
    this.scan(buf);
  }

  /** Call after the last chunk. */
  finish(): void {
    this.final = true;
    this.minBytes = 0;
    if (this.carryLen > 0) {
      this.end = this.carryLen;
      this.scan(this.carry);
    }
    this.atEnd();
  }

  /** Absolute offset of the first byte not yet consumed. */
  get offset(): number {
    return this.base;
  }

  /** Bytes held back, waiting for the rest of their entry. */
  protected get carried(): Buffer {
    return this.carry.subarray(0, this.carryLen);
  }

  protected error(message: string, at: number): OfferFormatError {
    return new OfferFormatError(message, `byte ${this.base + at}`);
  }

  private scan(buf: Buffer): void {
    const end = this.end;
    this.b = buf as ScanBuffer;
    this.pos = 0;
    try {
      this.run();
    } catch (err) {
      if (err !== NEED_MORE) throw err;
    }
    const rest = end - this.pos;
    if (rest > this.maxCarry) {
      this.base += this.pos;
      throw this.tooLong();
    }
    // Never wait past the limit: the retry that crosses it is the one that refuses the entry.
    this.minBytes = rest > 0 ? Math.min(rest * 2, this.maxCarry + 1) : 0;
    if (buf === this.carry) {
      if (rest > 0 && this.pos > 0) this.carry.copyWithin(0, this.pos, end);
    } else if (rest > 0) {
      this.ensureCarry(rest);
      buf.copy(this.carry, 0, this.pos, end);
    }
    this.carryLen = rest;
    this.base += this.pos;
    this.pos = 0;
    this.end = rest;
    this.b = this.carry as ScanBuffer;
  }

  private ensureCarry(size: number): void {
    if (this.carry.length >= size) return;
    // Doubling keeps copies linear; past the limit only what is needed, so memory stays near it.
    const next = Buffer.allocUnsafe(Math.max(size, Math.min(this.carry.length * 2, this.maxCarry)));
    this.carry.copy(next, 0, 0, this.carryLen);
    this.carry = next;
  }
}
