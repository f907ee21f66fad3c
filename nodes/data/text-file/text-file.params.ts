// Params of the text-file dataset node (shared by its declaration and its layer).
export const textFileParams = {
  source: {
    kind: 'string',
    default: 'kjv',
    doc: "'kjv' for the built-in King James Bible (Debian's bible-kjv, public domain), or the path of a UTF-8 text file.",
  },
  context: {
    kind: 'int',
    default: 64,
    min: 1,
    max: 16384,
    doc: 'T: characters per training window (the model sees T tokens and predicts the T next ones).',
  },
  tokens: {
    kind: 'enum',
    default: 'characters',
    options: ['characters', 'bytes'],
    doc: "characters: each distinct character of the text is a token (V = the text's character count). bytes: each UTF-8 byte is a token, V = 256 for any text (byte-level, as ByT5).",
  },
  validation: {
    kind: 'float',
    default: 0.1,
    min: 0.01,
    max: 0.5,
    doc: 'Fraction of the text held out at its end for validation (previews and evaluation).',
  },
} as const;

export interface TextFileParams {
  source: string;
  context: number;
  tokens: string;
  validation: number;
}
