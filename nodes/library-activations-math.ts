// Primitive activations and math: ReLU, LeakyReLU, GELU, SiLU, Tanh, Sigmoid, Softmax, Add,
// Multiply, Scale, Mean, Sum, MatMul, Dropout, Constant, Parameter (see nodes/activation/*, nodes/math/*).
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';

export const activationMathNodes: readonly AnyNodeDefinition[] = [];
