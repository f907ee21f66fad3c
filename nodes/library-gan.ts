// Node types of GAN and WGAN: generators, critics, adversarial losses, gradient penalty, Fréchet metric.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { dcganDiscriminatorNode } from './gan/dcgan-discriminator/dcgan-discriminator.node';
import { dcganGeneratorNode } from './gan/dcgan-generator/dcgan-generator.node';
import { ganLossNode } from './gan/gan-loss/gan-loss.node';
import { gradientPenaltyNode } from './gan/gradient-penalty/gradient-penalty.node';
import { latentNoiseNode } from './gan/latent-noise/latent-noise.node';
import { wassersteinLossNode } from './gan/wasserstein-loss/wasserstein-loss.node';
import { frechetDistanceNode } from './metric/frechet-distance/frechet-distance.node';

export const ganNodes: readonly AnyNodeDefinition[] = [
  latentNoiseNode,
  dcganGeneratorNode,
  dcganDiscriminatorNode,
  ganLossNode,
  wassersteinLossNode,
  gradientPenaltyNode,
  frechetDistanceNode,
];
