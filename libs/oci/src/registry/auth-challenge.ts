/** One challenge of a `WWW-Authenticate` header (RFC 7235): a scheme and its parameters. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` header, which may hold several challenges, e.g.
 * `Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"`.
 * Parameter names are lower-cased; quoted values are unescaped.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let i = 0;
  const n = header.length;
  const skipSpaces = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const readToken = () => {
    const start = i;
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(header[i]!)) i++;
    return header.slice(start, i);
  };
  let current: AuthChallenge | undefined;
  while (i < n) {
    skipSpaces();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const token = readToken();
    if (token === '') throw new Error(`WWW-Authenticate "${header}": unexpected "${header[i]}" at ${i}`);
    skipSpaces();
    if (header[i] === '=') {
      i++;
      skipSpaces();
      let value: string;
      if (header[i] === '"') {
        i++;
        value = '';
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) i++;
          value += header[i++];
        }
        if (header[i] !== '"') throw new Error(`WWW-Authenticate "${header}": unterminated quoted value`);
        i++;
      } else {
        value = readToken();
      }
      if (!current) throw new Error(`WWW-Authenticate "${header}": parameter "${token}" before any scheme`);
      current.params[token.toLowerCase()] = value;
    } else {
      current = { scheme: token.toLowerCase(), params: {} };
      challenges.push(current);
    }
  }
  return challenges;
}
