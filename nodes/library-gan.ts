// Node types of GAN and WGAN: generators, critics, adversarial losses, gradient penalty, Fréchet metric.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';

export const ganNodes: readonly AnyNodeDefinition[] = [];
