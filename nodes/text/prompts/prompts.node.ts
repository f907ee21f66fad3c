// text/prompts: a fixed list of prompts as text, for a sampler's condition. p prompts, s characters.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { tensorType } from '../../../core/shapes/tensor-type';
import { textLength } from '../shared/text-codes';
import { promptRows, promptsParams, splitPrompts } from './prompts.params';
import { createPromptsLayer } from './prompts.layer';

export const promptsNode = defineNode({
  id: 'text/prompts',
  version: 1,
  title: 'Prompts',
  category: 'data',
  role: 'layer',
  doc:
    "A fixed list of prompts ('a photo of a sneaker; a photo of a bag'), each repeated `repeat` times, as text " +
    '(int32 code points [P x repeat, S]): through a Tokenizer and the text encoder it gives a sampler the ' +
    'captions to draw samples of, one preview row per prompt. The same text every call, so previews at ' +
    'different steps compare. As the prompt list of a diffusers pipeline call (pipe(prompt=[...], ' +
    'num_images_per_prompt=repeat)).',
  paper: {
    citation:
      'Rombach et al. High-Resolution Image Synthesis with Latent Diffusion Models. CVPR 2022 (text-to-image, sec. 4.3)',
    url: 'https://arxiv.org/abs/2112.10752',
  },
  inputs: [],
  outputs: [
    {
      name: 'text',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['P', 'S'],
      gradient: 'none',
      doc: 'Each prompt repeated `repeat` times, as Unicode code points 0-padded to S characters.',
    },
  ],
  params: promptsParams,
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const p = ctx.params;
    const prompts = splitPrompts(p.prompts);
    if (prompts.length === 0)
      diagnostics.push({
        severity: 'error',
        message:
          "There are no prompts; write one or more, separated by ';' (e.g. 'a photo of a bag; a coat').",
      });
    const long = prompts.find((s) => textLength(s) > p.width);
    if (long !== undefined)
      diagnostics.push({
        severity: 'error',
        message: `The prompt '${long}' has ${textLength(long)} characters but width is ${p.width}; set width to at least ${textLength(long)} or shorten it.`,
      });
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    return {
      outputs: { text: tensorType('int32', [promptRows(p).length, p.width]) },
      diagnostics,
    };
  },
  cost: weightlessCost,
  build: (tf, params, ctx) => createPromptsLayer(tf, params, ctx),
  emit: { layerModule: 'text/prompts/prompts.layer', factory: 'createPromptsLayer' },
});
