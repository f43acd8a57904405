import type { Dispatcher } from 'undici';
import { defaultRetryPolicy } from '../../core/backoff';
import { loadOfferIndex, loadRegionIndex, loadSavingsPlanRegionIndex, mirrorSource } from '../../core/download/catalog';
import type { CatalogSource, OfferIndex, RegionIndex } from '../../core/download/catalog';
import { resolveEndpoint } from '../../core/download/endpoint';
import { lazy } from '../lazy';
import type { Logger } from '../../core/logger';
import type { Locations } from './locations';

const engine = lazy<typeof import('../bundles/engine')>('engine.js');
import type { SettingsStore } from '../settings/settings';

/**
 * The price-list catalog for the views and pickers: AWS's index files, read from the endpoint on
 * first need (never at activation) and kept in memory; when the endpoint cannot be reached, the
 * copies the downloader mirrored are used instead.
 */
export class CatalogService {
  private offers: Promise<OfferIndex> | undefined;
  private readonly regions = new Map<string, Promise<RegionIndex>>();
  private dispatcher: Dispatcher | undefined;
  /** Where the last successful read came from, for the views' descriptions. */
  lastSource = '';

  constructor(
    private readonly settings: SettingsStore,
    private readonly locations: Locations,
    private readonly logger: Logger,
  ) {}

  endpoint(): URL {
    return resolveEndpoint(this.settings.get('endpoint') || undefined, process.env);
  }

  offerIndex(): Promise<OfferIndex> {
    this.offers ??= this.read((source) => loadOfferIndex(source)).catch((err: unknown) => {
      this.offers = undefined;
      throw err;
    });
    return this.offers;
  }

  regionIndex(offerCode: string, savingsPlans = false): Promise<RegionIndex> {
    const key = `${offerCode}${savingsPlans ? ':sp' : ''}`;
    let found = this.regions.get(key);
    if (!found) {
      found = this.offerIndex().then((index) => {
        const offer = index.offers.find((o) => o.offerCode === offerCode);
        if (!offer) throw new Error(`${offerCode} is not in the offer index`);
        return this.read((source) => (savingsPlans ? loadSavingsPlanRegionIndex(source, offer) : loadRegionIndex(source, offer)));
      });
      found.catch(() => this.regions.delete(key));
      this.regions.set(key, found);
    }
    return found;
  }

  /** Forget everything read (refresh, or the endpoint setting changed). */
  reset(): void {
    this.offers = undefined;
    this.regions.clear();
  }

  dispose(): void {
    void this.dispatcher?.close();
  }

  private async read<T>(load: (source: CatalogSource) => Promise<T>): Promise<T> {
    const endpoint = this.endpoint();
    const { createDispatcher, endpointSource } = engine();
    this.dispatcher ??= createDispatcher(
      { connectMs: this.settings.get('connectTimeoutSeconds') * 1000, readMs: this.settings.get('readTimeoutSeconds') * 1000 },
      4,
    );
    try {
      const value = await load(
        endpointSource(endpoint, {
          dispatcher: this.dispatcher,
          retry: { ...defaultRetryPolicy, retries: Math.min(2, this.settings.get('retries')) },
          logger: this.logger,
        }),
      );
      this.lastSource = endpoint.host;
      return value;
    } catch (err) {
      const mirror = this.locations.primaryDownloadDir();
      if (!mirror) throw err;
      try {
        const value = await load(mirrorSource(mirror));
        this.logger.warn('endpoint unreachable; using the mirrored index files', { endpoint: endpoint.host, error: String(err) });
        this.lastSource = 'local mirror';
        return value;
      } catch {
        throw err;
      }
    }
  }
}
