// Params of the text sampler (shared by its declaration and its layer).
export const textSamplerParams = {
  source: {
    kind: 'string',
    default: 'kjv',
    doc: "The text the model was trained on ('kjv' or a file path): its characters are the vocabulary. Match the Text File node.",
  },
  tokens: {
    kind: 'enum',
    default: 'characters',
    options: ['characters', 'bytes'],
    doc: "How the text was tokenized: characters or UTF-8 bytes. Match the Text File node's tokens.",
  },
  prompt: {
    kind: 'string',
    default: 'And God said',
    doc: 'Text the samples start from; every character must occur in the source text. Empty starts from a newline.',
  },
  maxNewTokens: {
    kind: 'int',
    default: 200,
    min: 1,
    max: 10000,
    doc: 'Characters generated after the prompt.',
  },
  count: { kind: 'int', default: 2, min: 1, max: 64, doc: 'Samples drawn at once.' },
  temperature: {
    kind: 'float',
    default: 0.8,
    min: 0.01,
    max: 10,
    doc: 'Divides the logits: below 1 sharpens, above 1 flattens the distribution.',
  },
  topK: {
    kind: 'int',
    default: 0,
    min: 0,
    max: 65536,
    doc: 'Sample among the k most likely characters only; 0 keeps all.',
  },
  seed: {
    kind: 'int',
    default: 1,
    min: 0,
    max: 2147483647,
    doc: "Seed of the sampler's own generator (the same text for the same weights); 0 uses the run's generator.",
  },
  inputPort: { kind: 'string', default: 'tokens', doc: "Name of the model module's token input." },
  outputPort: {
    kind: 'string',
    default: 'logits',
    doc: "Name of the model module's logits output (B x T x V).",
  },
} as const;

export interface TextSamplerParams {
  source: string;
  tokens: string;
  prompt: string;
  maxNewTokens: number;
  count: number;
  temperature: number;
  topK: number;
  seed: number;
  inputPort: string;
  outputPort: string;
}
