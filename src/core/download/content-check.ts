import type { FileHandle } from 'node:fs/promises';
import { IntegrityError } from '../errors';
import type { DownloadTarget } from './download-file';
import { optionRemedy } from '../remedy';

/**
 * A file that is not a price list is a failed download, whatever its status code and length: a
 * captive portal's login page, a proxy's error page or a CDN's HTML answer all arrive as 200 with
 * a valid length, and saved with sidecars they would pass `verify`. Index files (kilobytes) must
 * parse as a JSON object; offer files must begin as AWS's do (`{` for JSON, the `FormatVersion`
 * row for CSV). Only the first bytes of an offer are read here: the index build checks the rest.
 */
export class NotPriceListError extends IntegrityError {}

function preview(head: Buffer): string {
  const text = head.subarray(0, 60).toString('utf8').replace(/\s+/g, ' ').trim();
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'));
}

function looksLikeHtml(head: Buffer): boolean {
  return /^\s*</.test(head.subarray(0, 512).toString('latin1'));
}

function refuse(what: string, head: Buffer): NotPriceListError {
  const html = looksLikeHtml(head);
  return new NotPriceListError(
    `not a price-list file: expected ${what}, but it starts with ${preview(head)}${html ? ' (an HTML page)' : ''}`,
    html
      ? 'a captive portal, proxy or firewall answered instead of the endpoint: sign in to the network (or fix the proxy) and download again'
      : 'check that the endpoint serves AWS price lists (or a mirror of them)',
    html ? undefined : { remedy: optionRemedy('endpoint') },
  );
}

/** Skips a UTF-8 byte order mark and whitespace. */
function firstByte(head: Buffer): { byte: number | undefined; at: number } {
  let at = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (at < head.length && (head[at] === 0x20 || head[at] === 0x0a || head[at] === 0x0d || head[at] === 0x09)) at++;
  return { byte: head[at], at };
}

/** Checks the head (and, for small index files, the whole body) of a downloaded file. */
export async function checkContent(target: DownloadTarget, handle: FileHandle, size: number, head: Buffer): Promise<void> {
  if (target.kind === 'index') {
    const buf = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buf, 0, size, 0);
    let value: unknown;
    try {
      value = JSON.parse(buf.subarray(0, bytesRead).toString('utf8'));
    } catch {
      throw refuse('a JSON index file', buf.subarray(0, 512));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('a JSON object', buf.subarray(0, 512));
    return;
  }
  const csv = target.urlPath.endsWith('.csv');
  const { byte, at } = firstByte(head);
  if (csv) {
    const line = head.subarray(at, at + 64).toString('utf8');
    if (!/^"?FormatVersion"?,/.test(line)) throw refuse('a CSV offer starting with "FormatVersion"', head);
  } else if (byte !== 0x7b /* { */) {
    throw refuse('a JSON offer starting with "{"', head);
  }
}
