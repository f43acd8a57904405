import type * as vscode from 'vscode';
import { PriceIndex } from '../core/prices/read/price-index';
import { BudgetsProvider } from './views/budgets-view';
import type { BudgetsSource } from './views/budgets-view';
import { CatalogService } from './downloads/catalog-service';
import { DefaultRegionService } from './settings/default-region';
import { ComparePanel } from './views/compare-panel';
import { DownloadManager } from './downloads/download-manager';
import { Locations } from './downloads/locations';
import { LogChannel } from './log';
import { InstancePricesProvider } from './views/prices-view';
import { ServicesProvider } from './views/services-view';
import { SettingsStore, showSettingNotice } from './settings/settings';

/**
 * Everything the extension holds, built once at activation and disposed together: the single
 * owner of disposables. Construction does no I/O; each part reads files or the network only
 * when a view or command first asks.
 */
export class ExtensionServices implements vscode.Disposable {
  readonly log = new LogChannel();
  readonly settings: SettingsStore;
  /** The region shown and priced when nothing else says: setting, AWS_REGION, ..., the AWS profile's, us-east-1. */
  readonly defaultRegion: DefaultRegionService;
  readonly locations: Locations;
  readonly catalog: CatalogService;
  readonly downloads: DownloadManager;
  readonly services: ServicesProvider;
  readonly prices: InstancePricesProvider;
  readonly budgets: BudgetsProvider;
  readonly compare: ComparePanel;
  /**
   * Commands that failed this session, newest last (each was shown to the user once, with Show Log):
   * what the host tests read, since a command that shows its own error resolves instead of rejecting.
   */
  readonly commandFailures: { command: string; message: string }[] = [];
  private priceIndex: PriceIndex | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly context: vscode.ExtensionContext,
    budgetsSource: BudgetsSource,
  ) {
    this.settings = this.own(
      new SettingsStore((message, kind) => {
        this.log.output.warn(message);
        void showSettingNotice(message, kind);
      }),
    );
    this.defaultRegion = this.own(new DefaultRegionService(this.settings, () => this.log.logger({ part: 'region' })));
    this.locations = new Locations(context, this.settings);
    this.catalog = new CatalogService(this.settings, this.locations, this.log.logger({ part: 'catalog' }));
    this.downloads = this.own(
      new DownloadManager(this.settings, this.locations, this.catalog, this.log, () => {
        this.index().clear();
        this.prices.refresh();
        this.services.refresh();
      }),
    );
    this.services = this.own(new ServicesProvider(this.catalog, this.locations, this.settings, this.downloads));
    this.prices = this.own(new InstancePricesProvider(() => this.index(), this.settings, this.defaultRegion, context.workspaceState));
    this.budgets = this.own(new BudgetsProvider(budgetsSource));
    this.compare = this.own(new ComparePanel(context.extensionUri));
    this.own(this.log);
    this.own({ dispose: () => this.catalog.dispose() });
    this.own(
      this.settings.onDidChange((keys) => {
        if (keys.includes('endpoint') || keys.includes('format') || keys.includes('downloadFolder')) {
          this.catalog.reset();
          this.services.refresh();
        }
        if (keys.includes('cacheTtlHours')) this.priceIndex = undefined;
        if (keys.includes('aws.profile') || keys.includes('aws.endpoint')) this.budgets.refresh(false);
      }),
    );
  }

  /** The pricing cache reader, created on first use (and again after the TTL setting changes). */
  index(): PriceIndex {
    this.priceIndex ??= new PriceIndex(this.locations.storeDir, { ttlMs: this.settings.get('cacheTtlHours') * 3600_000 });
    return this.priceIndex;
  }

  own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // One failing disposable must not keep the others alive.
      }
    }
  }
}
