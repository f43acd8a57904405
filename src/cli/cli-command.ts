import type { Option, OptionValues } from 'commander';
import type { CliIo } from './commands';

/**
 * One command of `price-atlas`: everything its `--help` shows and everything its parser accepts,
 * declared in one place (src/cli/program.ts turns it into a commander command).
 */
export interface CliCommand {
  name: string;
  /** The line in `price-atlas --help`'s command list. */
  summary: string;
  /** More, shown in the command's own --help; the summary when absent. */
  description?: string;
  /**
   * The operands as the usage line shows them (`<size>`, `<path...>`, `[dir]`) and what each is.
   * Commander does not count them: each command checks its operands itself, so a wrong count gets
   * its message with an example ("price takes one size", for example: ...), not a generic one.
   */
  operands: { usage: string; help: ReadonlyArray<readonly [name: string, description: string]> };
  options(): Option[];
  /** Command lines shown under "Examples:" in the command's --help. */
  examples?: readonly string[];
  /** `options` is commander's result for `options()`: camelCase names, defaults filled in. */
  run(operands: string[], options: OptionValues, io: CliIo): Promise<number>;
}
