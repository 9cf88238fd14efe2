/**
 * A small strict JSON scanner used only to explain a scenario file: where the first syntax error is
 * (V8's `JSON.parse` messages do not always carry a position) and which object keys are duplicated
 * (`JSON.parse` silently keeps the last one, which would hide a user's mistake).
 */

/** What the scan found: the first error, if any, and every duplicated key. */
export interface JsonScan {
  /** Offset of the first syntax error, with a short reason; absent when the text is valid JSON. */
  error?: { at: number; reason: string };
  /** Keys that occur twice in one object, with the offset of the second occurrence. */
  duplicates: { key: string; at: number }[];
}

/** Nesting beyond this is reported as an error rather than risking the stack. */
const MAX_DEPTH = 512;

class Stop {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

/** Scans `text` as one JSON value (RFC 8259). Never throws. */
export function scanJson(text: string): JsonScan {
  const duplicates: { key: string; at: number }[] = [];
  let i = 0;
  const fail = (reason: string): never => {
    throw new Stop(i, reason);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c < 0x20) fail('control character in a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('bad escape');
      } else i++;
    }
  };
  const num = () => {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) fail('unexpected character');
    i += m![0].length;
  };
  const lit = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('unexpected character');
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a double-quoted property name');
        const at = i;
        const key = str();
        if (seen.has(key)) duplicates.push({ key, at });
        seen.add(key);
        ws();
        if (text[i] !== ':') fail("expected ':' after a property name");
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("expected ',' or '}' after a property value");
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("expected ',' or ']' after an array element");
      }
    } else if (c === '"') str();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) num();
    else if (c === 't') lit('true');
    else if (c === 'f') lit('false');
    else if (c === 'n') lit('null');
    else if (c === undefined) fail('unexpected end of input');
    else fail('unexpected character');
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail('unexpected text after the JSON value');
    return { duplicates };
  } catch (e) {
    if (e instanceof Stop) return { error: { at: e.at, reason: e.reason }, duplicates };
    throw e;
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let j = 0; j < offset && j < text.length; j++) {
    if (text[j] === '\n') {
      line++;
      lineStart = j + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
