/**
 * Commands as vscode-go and rust-analyzer write them: each is a named factory that, given what the
 * extension holds, returns the handler. `commands.ts` lists them all and registers them in one place.
 */
import type { ExtensionServices } from '../extension-services';
import type { CostBreakdownDocuments } from '../editor/cost-breakdown';

export interface CommandContext {
  readonly s: ExtensionServices;
  readonly breakdowns: CostBreakdownDocuments;
}

/** Arguments come from the palette (none), a tree item, a hover link or a script. */
export type CommandFactory = (ctx: CommandContext) => (...args: unknown[]) => unknown;
