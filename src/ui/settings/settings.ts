import * as vscode from 'vscode';
import { settingsSection, settingsSpec, userOnlySettings, validateSetting } from './settings-spec';
import type { SettingKey, Settings } from './settings-spec';
import { fullKey, ignoredWorkspaceNotice, userOnlyValue, workspaceFileSetsKeys } from './user-settings';

/** Why the user is told about a setting: a value refused, or a workspace value passed over. */
export type SettingNoticeKind = 'invalid' | 'ignored';

export type SettingNotify = (message: string, kind: SettingNoticeKind) => void;

/**
 * The typed view of `priceAtlas.*`. Values are validated against settings-spec; a bad value is
 * reported once (with a way to open the setting) and replaced by its default. The user-only
 * settings (user-settings.ts) are read from the user's settings and the default alone; a workspace
 * value for one is reported once. Changes are picked up as they happen: listeners get the keys
 * that changed, no reload needed.
 */
export class SettingsStore implements vscode.Disposable {
  private current: Settings;
  private readonly reportedOnce = new Set<string>();
  /** Every notice given, in order (the log has them too; tests read them here). */
  readonly reported: string[] = [];
  private readonly emitter = new vscode.EventEmitter<SettingKey[]>();
  private readonly listener: vscode.Disposable;
  private scanned = false;
  readonly onDidChange = this.emitter.event;

  constructor(private readonly notify: SettingNotify = (m, kind) => void showSettingNotice(m, kind)) {
    this.current = this.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(settingsSection)) return;
      const before = this.current;
      this.current = this.read();
      // VS Code reports a change to a user-only key even when it drops the workspace's value.
      if (this.scanned && userOnlySettings.some((k) => e.affectsConfiguration(fullKey(k)))) void this.scanWorkspaceFiles();
      const changed = (Object.keys(settingsSpec) as SettingKey[]).filter((k) => before[k] !== this.current[k]);
      if (changed.length > 0) this.emitter.fire(changed);
    });
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    // The workspace files are read the first time a user-only setting is used, not at activation.
    if (!this.scanned && userOnlySettings.includes(key)) {
      this.scanned = true;
      void this.scanWorkspaceFiles();
    }
    return this.current[key];
  }

  get all(): Readonly<Settings> {
    return this.current;
  }

  private once(message: string, kind: SettingNoticeKind): void {
    if (this.reportedOnce.has(message)) return;
    this.reportedOnce.add(message);
    this.reported.push(message);
    this.notify(message, kind);
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration(settingsSection);
    const out: Partial<Record<SettingKey, unknown>> = {};
    for (const key of Object.keys(settingsSpec) as SettingKey[]) {
      let raw: unknown;
      if (userOnlySettings.includes(key)) {
        const { value, ignoredWorkspaceValue } = userOnlyValue(config.inspect(key));
        if (ignoredWorkspaceValue) this.once(ignoredWorkspaceNotice(fullKey(key)), 'ignored');
        raw = value;
      } else {
        raw = config.get(key);
      }
      const { value, problem } = validateSetting(key, raw);
      out[key] = value;
      if (problem) this.once(problem, 'invalid');
    }
    return out as Settings;
  }

  /**
   * VS Code drops a workspace value of an application-scoped setting before inspect() sees it,
   * so the workspace's own files say whether one was set (and the user should be told).
   */
  private async scanWorkspaceFiles(): Promise<void> {
    const keys = userOnlySettings.map(fullKey);
    const files: { uri: vscode.Uri; workspaceFile: boolean }[] = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
      uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'),
      workspaceFile: false,
    }));
    const ws = vscode.workspace.workspaceFile;
    if (ws && ws.scheme !== 'untitled') files.push({ uri: ws, workspaceFile: true });
    for (const { uri, workspaceFile } of files) {
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue; // No settings file: nothing to report.
      }
      for (const key of workspaceFileSetsKeys(text, keys, workspaceFile)) this.once(ignoredWorkspaceNotice(key), 'ignored');
    }
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}

export async function showSettingNotice(message: string, kind: SettingNoticeKind): Promise<void> {
  // The user settings open on the setting itself; a workspace value is theirs to move there.
  const open = kind === 'ignored' ? 'Open User Settings' : 'Open Settings';
  const query = kind === 'ignored' ? (/priceAtlas\.[\w.]+/.exec(message)?.[0] ?? settingsSection) : settingsSection;
  const choice = await vscode.window.showWarningMessage(kind === 'ignored' ? `${message}.` : `Price Atlas: ${message}`, open);
  if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', query);
}
