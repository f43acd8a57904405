/** The Budgets view: the AWS profile it reads with, and Refresh. */
import * as vscode from 'vscode';
import { lazy } from '../lazy';
import type { CommandFactory } from './command-context';

export const refreshBudgets: CommandFactory =
  ({ s }) =>
  () =>
    s.budgets.refresh(true);

/** A profile from ~/.aws (as the SDK reads it), or the default chain; saved in user settings. */
export const selectProfile: CommandFactory =
  ({ s }) =>
  async (arg) => {
    let profile = typeof arg === 'string' ? arg : undefined;
    if (profile === undefined) {
      const { awsProfiles } = lazy<typeof import('../bundles/aws')>('aws.js')();
      const profiles = await awsProfiles();
      const items = [
        { label: '$(key) Default credential chain', description: 'AWS_PROFILE, environment, SSO, instance role', name: '' },
        ...profiles.map((p) => ({ label: p.name, description: [p.kind, p.region].filter(Boolean).join(' · '), name: p.name })),
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: 'AWS profile for budgets and costs',
        placeHolder: profiles.length === 0 ? 'No profiles in ~/.aws/config or ~/.aws/credentials' : undefined,
      });
      if (!picked) return undefined;
      profile = picked.name;
    }
    await vscode.workspace.getConfiguration('priceAtlas').update('aws.profile', profile, vscode.ConfigurationTarget.Global);
    s.budgets.refresh(false);
    return profile;
  };
