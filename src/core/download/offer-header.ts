/**
 * The offer file's own description of itself (code, version, publication date), read from its
 * first bytes while it downloads: AWS writes these before `products` in JSON and as the first five
 * rows of CSV. Files that put them last (some re-serialised copies) just yield nothing here.
 */
export interface OfferHeader {
  offerCode?: string;
  version?: string;
  publicationDate?: string;
}

export const offerHeaderBytes = 64 * 1024;

function jsonField(text: string, key: string): string | undefined {
  const match = new RegExp(`"${key}"\\s*:\\s*"([^"\\\\]{1,64})"`).exec(text);
  return match?.[1];
}

export function sniffOfferHeader(head: Buffer): OfferHeader {
  const text = head.subarray(0, offerHeaderBytes).toString('utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    // Only the part before the first product or term: attribute values must not be mistaken for it.
    const cut = text.search(/"(products|terms)"\s*:/);
    const top = cut >= 0 ? text.slice(0, cut) : text;
    return dropEmpty({
      offerCode: jsonField(top, 'offerCode'),
      version: jsonField(top, 'version'),
      publicationDate: jsonField(top, 'publicationDate'),
    });
  }
  const header: OfferHeader = {};
  for (const line of text.split(/\r?\n/, 6)) {
    const match = /^"?([A-Za-z ]+)"?,"?([^"]*)"?$/.exec(line.trim());
    if (!match) continue;
    const [, key, value] = match;
    if (key === 'Version') header.version = value;
    else if (key === 'Publication Date') header.publicationDate = value;
    else if (key === 'OfferCode') header.offerCode = value;
  }
  return dropEmpty(header);
}

function dropEmpty(header: OfferHeader): OfferHeader {
  const out: OfferHeader = {};
  if (header.offerCode) out.offerCode = header.offerCode;
  if (header.version) out.version = header.version;
  if (header.publicationDate) out.publicationDate = header.publicationDate;
  return out;
}
