/**
 * Quote one argument for a POSIX shell, so a suggested command runs as printed even when a path
 * has spaces or quotes in it. Plain words stay as they are, to keep hints readable.
 */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words, each quoted as needed. */
export function commandLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
