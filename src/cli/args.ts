import { UsageError } from '../core/errors';

/** What a command accepts. `list` options take one or more values: `--regions a b`, `--regions a,b`. */
export interface OptionSpec {
  type: 'string' | 'boolean' | 'list';
  /** For booleans: also accept `--no-<name>`. */
  negatable?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  positionals: string[];
  strings: Map<string, string>;
  booleans: Map<string, boolean>;
  lists: Map<string, string[]>;
}

function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], strings: new Map(), booleans: new Map(), lists: new Map() };
  const names = Object.keys(specs);
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      parsed.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('--') || token === '--') {
      if (token.startsWith('-') && token.length > 1 && token !== '-') {
        throw new UsageError(`unknown option ${token}`, 'options are long: --name value (see --help)');
      }
      parsed.positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    let name = eq >= 0 ? token.slice(2, eq) : token.slice(2);
    const inline = eq >= 0 ? token.slice(eq + 1) : undefined;
    let negated = false;
    if (!specs[name] && name.startsWith('no-') && specs[name.slice(3)]?.negatable) {
      name = name.slice(3);
      negated = true;
    }
    const spec = specs[name];
    if (!spec) {
      const guess = closest(name, names);
      throw new UsageError(`unknown option --${name}`, guess ? `did you mean --${guess}?` : 'see --help for the options');
    }
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      parsed.booleans.set(name, !negated);
      continue;
    }
    if (spec.type === 'string') {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
      parsed.strings.set(name, value);
      continue;
    }
    const values: string[] = [];
    if (inline !== undefined) values.push(inline);
    else while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) values.push(argv[++i]!);
    const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    if (items.length === 0) throw new UsageError(`--${name} needs at least one value`);
    parsed.lists.set(name, [...(parsed.lists.get(name) ?? []), ...items]);
  }
  return parsed;
}

/** A number option in its unit (seconds, count), validated against a range. */
export function numberOption(args: ParsedArgs, name: string, fallback: number, range: { min: number; max: number; integer?: boolean }): number {
  const raw = args.strings.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (range.integer && !Number.isInteger(value)) || value < range.min || value > range.max) {
    throw new UsageError(`--${name} must be ${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}, not ${JSON.stringify(raw)}`);
  }
  return value;
}

export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const raw = args.strings.get(name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not ${JSON.stringify(raw)}`);
  }
  return raw as T;
}
