// The top-level nodes that turn a dataset's labels into the UNet's caption condition, and a prompt
// list into the samplers' condition, through one text encoder (shared weights):
//   label -> Class Captions -> Tokenizer -> Text encoder -> Condition Dropout -> UNet c, mask
//   Prompts -> Tokenizer -> Text encoder (same weights) -> sampler condition, conditionMask
import type { DocEdge, DocNode } from '../../core/document/document.types';
import type { CaptionSetId } from '../../nodes/text/shared/caption-sets';
import { call, e, n } from './doc-builders';

export interface CaptionConditioning {
  set: CaptionSetId;
  /** The dataset node and its label port ('data.label'). */
  labels: string;
  /** Tokens per caption (the Tokenizer's length and the text encoder's L). */
  length: number;
  prompts: readonly string[];
  /** Samples per prompt (one preview row each). */
  repeat: number;
  /** Column of the grid where the chain starts (for the initial positions only). */
  col: number;
}

/** Nodes 'captions', 'tokenize', 'text', 'cfg' (training) and 'prompts', 'tokenize-prompts', 'prompt-text'. */
export const captionConditioning = (
  c: CaptionConditioning,
): { nodes: DocNode[]; edges: DocEdge[] } => {
  const tokenizer = { vocabulary: c.set, level: 'word', length: c.length };
  return {
    nodes: [
      n(
        'captions',
        'text/class-captions',
        'Class Captions',
        { set: c.set, phrasing: 'random', width: 48 },
        c.col,
        2,
      ),
      n('tokenize', 'text/tokenizer', 'Tokenizer', tokenizer, c.col + 1, 2),
      n(
        'text',
        'module/instance',
        'Text encoder',
        call('text-encoder', {}, 'shared'),
        c.col + 2,
        2,
      ),
      n('cfg', 'diffusion/condition-dropout', 'Condition Dropout (10%)', { p: 0.1 }, c.col + 3, 2),
      n(
        'prompts',
        'text/prompts',
        'Prompts (one per class)',
        { prompts: c.prompts.join('; '), repeat: c.repeat, width: 48 },
        c.col,
        4,
      ),
      n('tokenize-prompts', 'text/tokenizer', 'Tokenizer (prompts)', tokenizer, c.col + 1, 4),
      n(
        'prompt-text',
        'module/instance',
        'Text encoder (prompts)',
        call('text-encoder', {}, 'shared'),
        c.col + 2,
        4,
      ),
    ],
    edges: [
      e(c.labels, 'captions.label'),
      e('captions.text', 'tokenize.text'),
      e('tokenize.tokens', 'text.tokens'),
      e('tokenize.mask', 'text.mask'),
      e('text.c', 'cfg.condition'),
      e('tokenize.mask', 'cfg.mask'),
      e('prompts.text', 'tokenize-prompts.text'),
      e('tokenize-prompts.tokens', 'prompt-text.tokens'),
      e('tokenize-prompts.mask', 'prompt-text.mask'),
    ],
  };
};

/** The sampler inputs from the prompt chain: condition, null condition and mask. */
export const samplerConditionEdges = (sampler: string): DocEdge[] => [
  e('prompt-text.c', `${sampler}.condition`),
  e('cfg.null', `${sampler}.nullCondition`),
  e('tokenize-prompts.mask', `${sampler}.conditionMask`),
];
