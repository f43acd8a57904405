/**
 * A small tokenizer for TypeScript/JavaScript and Python programs (CDK, Pulumi, SDK scripts):
 * identifiers, string literals (with exact content offsets), numbers and punctuation. Comments are
 * dropped, which is the point: `// env: { region: 'eu-west-1' }` and `# Instance type T3.micro` are
 * never read. Template literals yield their literal parts and tokenize their `${...}` parts; Python
 * triple-quoted strings (docstrings) are marked as text. Unclosed strings end at their line.
 */

export type CodeTokenKind = 'id' | 'str' | 'num' | 'punct';

export interface CodeToken {
  kind: CodeTokenKind;
  start: number;
  end: number;
  value: string;
  /** A docstring or other free text. */
  text?: boolean;
}

export type CodeLanguage = 'js' | 'python';

const regexPrecedingWords = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

export function tokenizeCode(text: string, language: CodeLanguage): CodeToken[] {
  const tokens: CodeToken[] = [];
  const n = text.length;
  const python = language === 'python';
  // Open braces: 'b' for a block/object, 't' for a template literal's `${`.
  const braces: string[] = [];
  let i = 0;

  const lineEnd = (p: number): number => {
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === 10 || c === 13) return p;
      p++;
    }
    return n;
  };

  /** Scans template literal text from `p` (after the backtick or the closing `}` of `${`). */
  const template = (p: number): number => {
    const seg = p;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === 92) {
        p += 2;
        continue;
      }
      if (c === 96 /* ` */) {
        tokens.push({ kind: 'str', start: seg, end: p, value: text.slice(seg, p) });
        return p + 1;
      }
      if (c === 36 && text.charCodeAt(p + 1) === 123) {
        tokens.push({ kind: 'str', start: seg, end: p, value: text.slice(seg, p) });
        braces.push('t');
        return p + 2;
      }
      p++;
    }
    tokens.push({ kind: 'str', start: seg, end: n, value: text.slice(seg, n) });
    return n;
  };

  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (!prev) return true;
    if (prev.kind === 'punct') return !/[)\]}]/.test(prev.value);
    if (prev.kind === 'id') return regexPrecedingWords.has(prev.value);
    return false;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xfeff) {
      i++;
      continue;
    }
    if (python ? c === 35 : c === 47 && text.charCodeAt(i + 1) === 47) {
      i = lineEnd(i);
      continue;
    }
    if (!python && c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (!python && c === 47 && regexAllowed()) {
      // A regular expression literal: skip it (a quote inside must not open a string).
      let p = i + 1;
      let inClass = false;
      while (p < n) {
        const d = text.charCodeAt(p);
        if (d === 10 || d === 13) break;
        if (d === 92) p++;
        else if (d === 91) inClass = true;
        else if (d === 93) inClass = false;
        else if (d === 47 && !inClass) break;
        p++;
      }
      p++;
      while (p < n && isIdPart(text.charCodeAt(p))) p++;
      tokens.push({ kind: 'punct', start: i, end: Math.min(p, n), value: '/re/' });
      i = Math.min(p, n);
      continue;
    }
    if (python && isIdStart(c)) {
      // String prefixes: r'', b'', f'', rb'', ...
      let p = i;
      while (p < n && p - i < 2 && /[rRbBuUfF]/.test(text[p]!)) p++;
      const q = text.charCodeAt(p);
      if (p > i && (q === 34 || q === 39)) i = p;
    }
    const q = text.charCodeAt(i);
    if (q === 34 || q === 39) {
      if (python && text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) {
        const close = text.indexOf(text.slice(i, i + 3), i + 3);
        const end = close < 0 ? n : close;
        tokens.push({ kind: 'str', start: i + 3, end, value: text.slice(i + 3, end), text: true });
        i = close < 0 ? n : close + 3;
        continue;
      }
      let p = i + 1;
      while (p < n) {
        const d = text.charCodeAt(p);
        if (d === 92) {
          p += 2;
          continue;
        }
        if (d === q || d === 10 || d === 13) break;
        p++;
      }
      const end = Math.min(p, n);
      tokens.push({ kind: 'str', start: i + 1, end, value: text.slice(i + 1, end) });
      i = end < n && text.charCodeAt(end) === q ? end + 1 : end;
      continue;
    }
    if (!python && q === 96) {
      i = template(i + 1);
      continue;
    }
    if (isIdStart(q)) {
      let p = i + 1;
      while (p < n && isIdPart(text.charCodeAt(p))) p++;
      tokens.push({ kind: 'id', start: i, end: p, value: text.slice(i, p) });
      i = p;
      continue;
    }
    if (q >= 48 && q <= 57) {
      let p = i + 1;
      while (p < n && (isIdPart(text.charCodeAt(p)) || text.charCodeAt(p) === 46)) p++;
      tokens.push({ kind: 'num', start: i, end: p, value: text.slice(i, p) });
      i = p;
      continue;
    }
    if (!python && q === 123) braces.push('b');
    if (!python && q === 125) {
      const top = braces.pop();
      if (top === 't') {
        i = template(i + 1);
        continue;
      }
    }
    tokens.push({ kind: 'punct', start: i, end: i + 1, value: text[i]! });
    i++;
  }
  return tokens;
}
