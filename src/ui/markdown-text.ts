/**
 * Text from files and the network, made safe to put in a MarkdownString. Sizes, versions,
 * attribute values, budget names and error messages come from offer files, sidecars, a cloned
 * repository or AWS; markdown would turn `[x](command:...)` into a link that runs a command,
 * `![i](http://...)` into a remote image (a beacon) and `<img>` into HTML. Every ASCII punctuation
 * character of such a value is backslash-escaped (CommonMark allows exactly that set, and the
 * reader sees the character itself), and line breaks become spaces so a value cannot start a
 * block of its own (a heading, a list, a table row). No `vscode` import: plain Node tests load this.
 */

// Every ASCII punctuation character: ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~
const PUNCTUATION = /[!-/:-@[-`{-~]/g;
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /[\r\n\u000b\u000c\u0085\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g;

/** A value as markdown that shows exactly its text. */
export function escapeMarkdown(value: string): string {
  return value.replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(PUNCTUATION, '\\$&');
}

/** Markdown this code wrote itself (bold, tables, its own command links): inserted as it is. */
export interface OwnMarkdown {
  readonly ownMarkdown: string;
}

export function ownMarkdown(markdown: string): OwnMarkdown {
  return { ownMarkdown: markdown };
}

function isOwn(value: unknown): value is OwnMarkdown {
  return typeof value === 'object' && value !== null && typeof (value as OwnMarkdown).ownMarkdown === 'string';
}

/** One interpolated value: escaped text, a finite number as it is, or markdown of our own. */
function piece(value: unknown): string {
  if (isOwn(value)) return value.ownMarkdown;
  if (value === undefined || value === null) return '';
  // Digits, '.', '-', 'e' and '+' cannot form markup in the middle of a line.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return escapeMarkdown(String(value));
}

/**
 * A template whose literal parts are markdown and whose every `${value}` is text:
 * md`**${record.size}** in ${record.region}`. Wrap our own markdown with ownMarkdown().
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + (strings[i + 1] ?? '');
  return out;
}

/** A value as an inline code span: shown verbatim, never parsed, whatever backticks it holds. */
export function inlineCode(value: string): OwnMarkdown {
  const text = value.replace(LINE_BREAKS, ' ').replace(CONTROL, '');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space inside the fence lets the text start or end with a backtick; CommonMark strips one.
  return ownMarkdown(`${fence} ${text} ${fence}`);
}

/** A link to one of our commands, with a title that is text. */
export function commandLink(title: OwnMarkdown | string, command: string, args?: unknown): OwnMarkdown {
  // encodeURIComponent leaves ( ) ' ! * ~ alone, and a `)` from a value would end the link early.
  const encoded =
    args === undefined ? '' : encodeURIComponent(JSON.stringify(args)).replace(/[()'!*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = encoded ? `?${encoded}` : '';
  return ownMarkdown(`[${piece(title)}](command:${command}${query})`);
}
