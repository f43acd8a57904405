import * as vscode from 'vscode';
import { settingsSection, settingsSpec, validateSetting } from './settings-spec';
import type { SettingKey, Settings } from './settings-spec';

/**
 * The typed view of `priceAtlas.*`. Values are validated against settings-spec; a bad value is
 * reported once (with a way to open the setting) and replaced by its default. Changes are picked
 * up as they happen: listeners get the keys that changed, no reload needed.
 */
export class SettingsStore implements vscode.Disposable {
  private current: Settings;
  private readonly reported = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<SettingKey[]>();
  private readonly listener: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor(private readonly warn: (message: string) => void = (m) => void showProblem(m)) {
    this.current = this.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(settingsSection)) return;
      const before = this.current;
      this.current = this.read();
      const changed = (Object.keys(settingsSpec) as SettingKey[]).filter((k) => before[k] !== this.current[k]);
      if (changed.length > 0) this.emitter.fire(changed);
    });
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    return this.current[key];
  }

  get all(): Readonly<Settings> {
    return this.current;
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration(settingsSection);
    const out: Partial<Record<SettingKey, unknown>> = {};
    for (const key of Object.keys(settingsSpec) as SettingKey[]) {
      const { value, problem } = validateSetting(key, config.get(key));
      out[key] = value;
      if (problem && !this.reported.has(problem)) {
        this.reported.add(problem);
        this.warn(problem);
      }
    }
    return out as Settings;
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}

async function showProblem(message: string): Promise<void> {
  const open = 'Open Settings';
  const choice = await vscode.window.showWarningMessage(`Price Atlas: ${message}`, open);
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', settingsSection);
}
