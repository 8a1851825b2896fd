// Where a value sits in a JSON text (line and column), by its path: so a trainer's mistake in a
// scenario file is reported as "línea 14, actas[2].sheets[0].defect" and not just a path. A small
// scanner over the text, run only after a file failed its schema (a file that parsed as JSON).
export interface TextPlace {
  line: number;
  column: number;
}

/** Line (1-based) and column of the value at `path`; the nearest enclosing value when absent. */
export function locateJsonPath(text: string, path: ReadonlyArray<PropertyKey>): TextPlace {
  let i = 0;
  const place = (at: number): TextPlace => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    return { line, column: at - before.lastIndexOf('\n') };
  };
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const readString = (): string => {
    const start = i;
    skipString();
    return JSON.parse(text.slice(start, i)) as string;
  };
  /** Skips one value starting at i (after whitespace). */
  const skipValue = (): void => {
    ws();
    const c = text[i];
    if (c === '"') return skipString();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (close === '}') {
          readString();
          ws();
          i++; // colon
        }
        skipValue();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        i++; // the closing bracket
        return;
      }
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  /** Moves i to the value at path[depth..], returning where the deepest found value starts. */
  const descend = (depth: number): number => {
    ws();
    const start = i;
    if (depth >= path.length) return start;
    const want = path[depth];
    const c = text[i];
    if (c === '{' && typeof want === 'string') {
      i++;
      ws();
      while (text[i] !== '}' && i < text.length) {
        ws();
        const key = readString();
        ws();
        i++; // colon
        ws();
        if (key === want) return descend(depth + 1);
        skipValue();
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      return start;
    }
    if (c === '[' && typeof want === 'number') {
      i++;
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === ']' || i >= text.length) return start;
        if (n === want) return descend(depth + 1);
        skipValue();
        ws();
        if (text[i] === ',') i++;
      }
    }
    return start;
  };
  return place(descend(0));
}

/**
 * The line of the first syntax error in a text JSON.parse refused (Node 20's message gives no
 * position): a strict scan of the grammar that stops where it breaks.
 */
export function jsonSyntaxErrorLine(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new RangeError(String(i));
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '"') return str();
    if (c === '{' || c === '[') {
      const obj = c === '{';
      i++;
      ws();
      if (text[i] === (obj ? '}' : ']')) {
        i++;
        return;
      }
      for (;;) {
        if (obj) {
          ws();
          str();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === (obj ? '}' : ']')) {
          i++;
          return;
        }
        fail();
      }
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return 1;
  } catch {
    return text.slice(0, i).split('\n').length;
  }
}
