import { PriceAtlasError } from '../errors';

export interface Page<T> {
  items: readonly T[];
  /** The token for the next page; empty or absent on the last page. */
  next?: string | null;
}

/** Far more pages than any real listing here has; a bound so a server bug cannot loop us forever. */
export const defaultMaxPages = 1000;

/**
 * Every item of a paged AWS listing. The SDK paginators would do the same, but this loop also
 * stops on a token that comes back a second time (a server that never advances) instead of
 * asking forever, and its page count is easy to bound.
 */
export async function allPages<T>(fetchPage: (token: string | undefined) => Promise<Page<T>>, what: string, maxPages = defaultMaxPages): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) throw new PriceAtlasError(`${what}: more than ${maxPages} pages`, 'narrow the request (filters, a shorter period)');
    const result = await fetchPage(token);
    items.push(...result.items);
    const next = result.next ?? undefined;
    if (!next) return items;
    if (seen.has(next)) throw new PriceAtlasError(`${what}: the server returned the same page token twice`, 'this is a server bug; try again later');
    seen.add(next);
    token = next;
  }
}
