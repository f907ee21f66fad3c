// Generates text from a character-level GPT, one character at a time.
// s samples, p prompt length, m new characters, t the model's context, v vocabulary
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { failed, knownDim } from '../../attention/shape-helpers';
import { createTextSampler } from './text-sampler.layer';
import { textSamplerParams } from './text-sampler.params';

export const textSamplerNode = defineNode({
  id: 'sample/text-sampler',
  version: 1,
  title: 'Text Sampler',
  category: 'sample',
  role: 'sampler',
  doc:
    'Continues a prompt with a character-level GPT given as a model handle (a module: token ids B x T in, ' +
    'logits B x T x V out), as nanoGPT sample.py does: it feeds the last T characters, divides the logits at ' +
    'the last position by the temperature, keeps the topK largest (0 keeps all) and samples with its own ' +
    'seeded generator, maxNewTokens times. The characters are those of the source text (the Text File ' +
    "node's vocabulary). Show the text with a 'text' preview. Needs a causal model.",
  paper: {
    citation:
      'Fan, Lewis, Dauphin. Hierarchical Neural Story Generation (top-k sampling). ACL 2018; as in nanoGPT sample.py (GPT-2, Radford et al. 2019)',
    url: 'https://arxiv.org/abs/1805.04833',
    equation: 'x_{n+1} ~ softmax(logits_n / temperature) restricted to the top k',
  },
  inputs: [
    {
      name: 'model',
      kind: 'model',
      doc: 'The GPT: a module taking B x T token ids and giving B x T x V logits.',
    },
  ],
  outputs: [
    {
      name: 'tokens',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['S', 'P+M'],
      gradient: 'none',
      doc: 'Prompt and generated ids of each sample.',
    },
  ],
  params: textSamplerParams,
  inferShapes({ inputs, params, env }) {
    const m = inputs['model'];
    if (!m || m.kind !== 'model')
      return failed({
        severity: 'error',
        port: 'model',
        message: 'Text Sampler: connect a Module Handle of the GPT module to model.',
      });
    const diagnostics: PortDiagnostic[] = [];
    const input = m.inputs[params.inputPort];
    const output = m.outputs[params.outputPort];
    if (!input)
      diagnostics.push({
        severity: 'error',
        port: 'model',
        message: `Text Sampler: the module has no input '${params.inputPort}'; set inputPort to one of: ${Object.keys(m.inputs).join(', ')}.`,
      });
    else if (input.shape.length !== 2 || knownDim(input.shape[1]) === undefined)
      diagnostics.push({
        severity: 'error',
        port: 'model',
        message: `Text Sampler: the module's '${params.inputPort}' input must be B x T with T fixed (it is ${input.shape.join(' x ') || 'unshaped'}); give the module input a shape such as "B, 64".`,
      });
    if (!output)
      diagnostics.push({
        severity: 'error',
        port: 'model',
        message: `Text Sampler: the module has no output '${params.outputPort}'; set outputPort to one of: ${Object.keys(m.outputs).join(', ')}.`,
      });
    const bytes = params.tokens === 'bytes';
    const info = env.texts?.[params.source.trim()];
    const vocab = bytes ? 256 : info?.available ? info.vocabSize : undefined;
    const v = output?.shape[output.shape.length - 1];
    if (vocab !== undefined && typeof v === 'number' && v < vocab)
      diagnostics.push({
        severity: 'error',
        port: 'model',
        message: bytes
          ? `Text Sampler: the model gives ${v} logits but byte tokens need 256; set the model's vocabulary (Embedding rows, the last Dense's units) to 256.`
          : `Text Sampler: the model gives ${v} logits but '${params.source}' has ${vocab} characters; set the model's vocabulary (Embedding rows, the last Dense's units) to ${vocab}.`,
      });
    const prompt = params.prompt === '' ? '\n' : params.prompt;
    const length = bytes ? new TextEncoder().encode(prompt).length : Array.from(prompt).length;
    return {
      outputs: { tokens: tensorType('int32', [params.count, length + params.maxNewTokens]) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createTextSampler(tf, params, ctx),
  emit: {
    layerModule: 'transformer/text-sampler/text-sampler.layer',
    factory: 'createTextSampler',
  },
});
