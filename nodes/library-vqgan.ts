// Node types of VQGAN: attention block, PatchGAN discriminator, adaptive weight, transformer prior, code sampler.
// (The hinge / non-saturating GAN loss is gan/gan-loss; encoder, decoder and quantizer are core nodes.)
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { selfAttention2dNode } from './attention/self-attention-2d/self-attention-2d.node';
import { multiHeadAttentionNode } from './attention/multi-head-attention/multi-head-attention.node';
import { tokenEmbeddingNode } from './transformer/token-embedding/token-embedding.node';
import { gptBlockNode } from './transformer/gpt-block/gpt-block.node';
import { gptPriorNode } from './transformer/gpt-prior/gpt-prior.node';
import { layerNormNode } from './transformer/layer-norm/layer-norm.node';
import { codeSamplerNode } from './transformer/code-sampler/code-sampler.node';
import { patchganDiscriminatorNode } from './vqgan/patchgan-discriminator/patchgan-discriminator.node';
import { adaptiveWeightNode } from './vqgan/adaptive-weight/adaptive-weight.node';
import { codebookLookupNode } from './vqgan/codebook-lookup/codebook-lookup.node';

export const vqganNodes: readonly AnyNodeDefinition[] = [
  selfAttention2dNode,
  multiHeadAttentionNode,
  tokenEmbeddingNode,
  gptBlockNode,
  gptPriorNode,
  layerNormNode,
  codeSamplerNode,
  patchganDiscriminatorNode,
  adaptiveWeightNode,
  codebookLookupNode,
];
