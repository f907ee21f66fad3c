// b batch, t context (characters per window); token ids in [0, V), V the text's distinct characters.
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { tensorType } from '../../../core/shapes/tensor-type';
import { textFileParams } from './text-file.params';
import { createTextFileLayer } from './text-file.layer';

export const textFileNode = defineNode({
  id: 'data/text-file',
  version: 1,
  title: 'Text File',
  category: 'data',
  role: 'dataset',
  doc:
    'A text as a character-level dataset (as nanoGPT shakespeare_char): every distinct character is a token, ' +
    'ids in code-point order, so the vocabulary V is fixed by the text (the King James Bible: V = 73). The last ' +
    "fraction 'validation' of the text is held out. Each batch is B windows of T characters at random (seeded) " +
    "positions: 'tokens' is the window and 'targets' the same window one character later. Set the model's " +
    'vocabulary (Embedding rows, the Dense to logits) to V. With tokens = bytes each UTF-8 byte is a token ' +
    'instead and V = 256 for any text (byte-level, as ByT5), at the cost of longer windows. Source: kjv (Debian package bible-kjv, public ' +
    'domain text, read through its `bible` program and cached under ~/.cache/tessera) or a UTF-8 file path.',
  paper: {
    citation:
      'Karpathy, Johnson, Fei-Fei. Visualizing and Understanding Recurrent Networks (character-level ' +
      'language models, 2015); the data layout of nanoGPT data/shakespeare_char/prepare.py',
    url: 'https://arxiv.org/abs/1506.02078',
  },
  inputs: [],
  outputs: [
    {
      name: 'tokens',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['B', 'T'],
      gradient: 'none',
      doc: 'B windows of T character ids.',
    },
    {
      name: 'targets',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['B', 'T'],
      gradient: 'none',
      doc: 'The next character of each position (the window shifted by one).',
    },
  ],
  params: textFileParams,
  inferShapes: ({ params, env }) => {
    const diagnostics: PortDiagnostic[] = [];
    const source = params.source.trim();
    const t = params.context;
    if (source === '')
      diagnostics.push({
        severity: 'error',
        message: "Text File has no source: set it to 'kjv' or the path of a UTF-8 text file.",
      });
    const info = env.texts?.[source];
    if (source === 'kjv' && !info)
      diagnostics.push({
        severity: 'error',
        message:
          'The engine does not know the built-in KJV text; update Tessera or set a file path.',
      });
    if (info && !info.available)
      diagnostics.push({
        severity: 'error',
        message:
          `Text File: the text '${source}' is not installed on this machine. ${info.howToGet ?? ''}`.trim(),
      });
    if (info?.available) {
      const validation = Math.floor(info.length * params.validation);
      if (Math.min(validation, info.length - validation) < t + 2)
        diagnostics.push({
          severity: 'error',
          message: `Text File: '${source}' has ${info.length} characters, so a ${params.validation} split leaves fewer than context + 1 = ${t + 1} in one part; lower the context or change the validation fraction.`,
        });
    }
    return {
      outputs: { tokens: tensorType('int32', ['B', t]), targets: tensorType('int32', ['B', t]) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createTextFileLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'data/text-file/text-file.layer', factory: 'createTextFileLayer' },
});
