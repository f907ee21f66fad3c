// Node types of VQGAN: attention block, PatchGAN discriminator, adaptive weight, transformer prior, code sampler.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';

export const vqganNodes: readonly AnyNodeDefinition[] = [];
