// Node types for text conditioning: captions for class-labelled datasets, fixed prompts, and the
// tokenizer that turns either into token ids and a padding mask for a text encoder.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { classCaptionsNode } from './text/class-captions/class-captions.node';
import { promptsNode } from './text/prompts/prompts.node';
import { tokenizerNode } from './text/tokenizer/tokenizer.node';
import { textSamplerNode } from './transformer/text-sampler/text-sampler.node';

export const textNodes: readonly AnyNodeDefinition[] = [
  classCaptionsNode,
  promptsNode,
  tokenizerNode,
  textSamplerNode,
];
