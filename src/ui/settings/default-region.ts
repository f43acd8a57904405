import type * as vscode from 'vscode';
import { fallbackRegion, regionWithoutProfile, resolveDefaultRegion } from '../../core/aws/default-region';
import type { DefaultRegion, DefaultRegionOptions } from '../../core/aws/default-region';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { SettingsStore } from './settings';

// The AWS config file is read at most this often: hovers ask many times a second, and an edit to
// the file should still show without a reload.
const rereadAfterMs = 30_000;

/**
 * The editor's default region (Instance Prices, hovers, code lenses, diagnostics): the core chain
 * (src/core/aws/default-region.ts) with priceAtlas.defaultRegion as the explicit value and
 * priceAtlas.aws.profile as the profile. The setting and the environment are read on every call
 * (so a changed setting is seen at once, whoever listens first); only the profile's region, a file
 * read, is cached. A bad value is logged and us-east-1 used: a view must still show something.
 */
export class DefaultRegionService implements vscode.Disposable {
  private cached: { key: string; at: number; region: Promise<DefaultRegion> } | undefined;
  private last: DefaultRegion | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly log: () => Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private options(): DefaultRegionOptions {
    return {
      explicit: this.settings.get('defaultRegion'),
      explicitName: 'priceAtlas.defaultRegion',
      profile: this.settings.get('aws.profile') || undefined,
      env: this.env,
    };
  }

  private fallback(reason: string): DefaultRegion {
    return { code: fallbackRegion, source: 'fallback', from: reason };
  }

  /** Without waiting: the setting or a variable; else the last profile answer; else us-east-1 until the file is read. */
  get current(): DefaultRegion {
    try {
      return regionWithoutProfile(this.options()) ?? this.last ?? this.fallback('the default');
    } catch (err) {
      return this.fallback(`the default (${errorMessage(err)})`);
    }
  }

  /** The default region, reading the profile's region from the AWS config file when it decides. */
  async get(): Promise<DefaultRegion> {
    const options = this.options();
    const key = JSON.stringify([
      options.explicit,
      options.profile,
      this.env.AWS_PROFILE,
      this.env.AWS_REGION,
      this.env.AWS_DEFAULT_REGION,
      this.env.AWS_CONFIG_FILE,
      this.env.AWS_SHARED_CREDENTIALS_FILE,
    ]);
    if (!this.cached || this.cached.key !== key || Date.now() - this.cached.at > rereadAfterMs) {
      const region = resolveDefaultRegion(options).catch((err: unknown) => {
        this.log().warn('the default region is not usable; using us-east-1', { error: errorMessage(err) });
        return this.fallback(`the default (${errorMessage(err)})`);
      });
      this.cached = { key, at: Date.now(), region };
    }
    this.last = await this.cached.region;
    return this.last;
  }

  dispose(): void {
    this.cached = undefined;
  }
}
