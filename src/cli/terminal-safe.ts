/**
 * Text from price lists, index files and IaC file names is data. Printed raw, an ESC or CSI in it
 * could recolour the terminal, retitle the window, hide lines or (in some terminals) answer back
 * with keystrokes. Every write of the CLI passes through here: C0 controls other than newline and
 * tab, DEL, C1 controls and the bidirectional overrides ("trojan source") become visible `\uXXXX`
 * escapes. That form is also a valid JSON escape, so `--json` output keeps its meaning exactly.
 * The one sequence the CLI writes itself, the progress line's "carriage return, clear line", is kept.
 */

const progressClear = '\r\x1b[2K';

// eslint-disable-next-line no-control-regex
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escape(ch: string): string {
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
}

export function terminalSafe(text: string): string {
  if (!unsafe.test(text)) return text;
  unsafe.lastIndex = 0;
  return text
    .split(progressClear)
    .map((part) => part.replace(unsafe, escape))
    .join(progressClear);
}

/** The same stream (TTY-ness, columns, events), with every string written made terminal-safe. */
export function terminalSafeStream<T extends NodeJS.WritableStream>(stream: T): T {
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean)(typeof chunk === 'string' ? terminalSafe(chunk) : chunk, ...rest);
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
