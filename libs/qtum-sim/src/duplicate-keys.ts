/**
 * Keys that occur more than once inside one JSON object of `text`. qtumd's UniValue keeps duplicate keys,
 * so sendmany can report "duplicated address"; our lossless parser keeps only the last, hence this scan.
 */
export function duplicateKeys(text: string): Set<string> {
  const dups = new Set<string>();
  const stack: (Set<string> | null)[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '{') stack.push(new Set());
    else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      const raw = text.slice(start, i + 1);
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] ?? '')) j++;
      const keys = stack[stack.length - 1];
      if (text[j] === ':' && keys) {
        let key = raw;
        try {
          key = JSON.parse(raw) as string;
        } catch {
          // Malformed strings are the parser's problem; keep the raw text.
        }
        if (keys.has(key)) dups.add(key);
        keys.add(key);
      }
    }
    i++;
  }
  return dups;
}
