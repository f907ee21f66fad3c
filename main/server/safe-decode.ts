// Percent-decoding that never throws: a malformed sequence (`%E0%A4%A`, a lone `%`) is
// undefined, for the caller to treat as "not the token" or answer 400 naming it.
export const safeDecodeURIComponent = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

/** A client-supplied value as it may appear in a message: quoted, escaped, at most 60 chars. */
export const quoteForMessage = (s: string, max = 60): string =>
  JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
