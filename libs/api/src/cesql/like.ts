const compiled = new Map<string, RegExp>();

/**
 * LIKE matching: `%` is any run of characters, `_` exactly one character, `\%` and `\_` the literal
 * characters; any other character (a lone backslash included) matches itself, case-sensitively.
 */
export function likeMatches(value: string, pattern: string): boolean {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = likePatternToRegExp(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex.test(value);
}

export function likePatternToRegExp(pattern: string): RegExp {
  const chars = Array.from(pattern);
  let source = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const next = chars[i + 1];
    if (ch === '\\' && (next === '%' || next === '_')) {
      source += escapeRegExp(next);
      i++;
    } else if (ch === '%') {
      source += '.*';
    } else if (ch === '_') {
      source += '.';
    } else {
      source += escapeRegExp(ch);
    }
  }
  return new RegExp(`^${source}$`, 'su');
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}
