// Times the compiler front the editor runs on every edit: compileLoaded (validation + shape
// inference) of a 500-node chain and a 500-node tree of test nodes, a 500-node graph of the
// real primitive layers, and a graph of parameterised module instances (specialised per
// distinct width). Prints median ms per compile.
// Run: npm run bench:editor (node --import ./main/runtime/register.mjs scripts/bench-compile.ts [nodes] [runs])
import { performance } from 'node:perf_hooks';
import { compileDocument, compileLoaded } from '../core/graph/compile';
import { serializeDocument } from '../core/document/serialize-document';
import { createRegistry } from '../core/node-contract/node-definition';
import { testEnv, testNodes } from '../core/graph/testing/fake-nodes';
import { edge, graphDoc, moduleOf, node } from '../core/graph/testing/doc-builder';
import { nodeRegistry } from '../nodes/registry';
import { createShapeEnv } from '../main/engine/data/data-provider';
import type { DocEdge, DocNode, TesseraDocument } from '../core/document/document.types';

const size = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 50);
const registry = createRegistry(testNodes);
const env = createShapeEnv();

/** source -> conv -> conv -> ... (size nodes). */
const chain = (n: number): TesseraDocument => {
  const nodes: DocNode[] = [node('n0', 'test/source', { C: 4 })];
  const edges: DocEdge[] = [];
  for (let i = 1; i < n; i++) {
    nodes.push(
      node(`n${i}`, 'test/conv', { inChannels: 4, outChannels: 4 }, { label: `Conv ${i}` }),
    );
    edges.push(edge(`n${i - 1}.${i === 1 ? 'out' : 'y'}`, `n${i}.x`));
  }
  return graphDoc(nodes, edges);
};

/** A binary tree: node i is fed by node floor((i-1)/2). */
const tree = (n: number): TesseraDocument => {
  const nodes: DocNode[] = [node('n0', 'test/source', { C: 4 })];
  const edges: DocEdge[] = [];
  for (let i = 1; i < n; i++) {
    const parent = Math.floor((i - 1) / 2);
    nodes.push(node(`n${i}`, 'test/conv', { inChannels: 4, outChannels: 4 }));
    edges.push(edge(`n${parent}.${parent === 0 ? 'out' : 'y'}`, `n${i}.x`));
  }
  return graphDoc(nodes, edges);
};

/** MNIST -> Flatten -> Dense, then residual units Dense -> LayerNorm -> GELU -> Add(skip) up to n nodes. */
const primitives = (n: number): TesseraDocument => {
  const nodes: DocNode[] = [
    node('data', 'data/mnist'),
    node('flat', 'shape/flatten'),
    node('in', 'layers/dense', { units: 32 }),
  ];
  const edges: DocEdge[] = [edge('data.image', 'flat.x'), edge('flat.y', 'in.x')];
  let prev = 'in.y';
  for (let i = 0; nodes.length + 4 <= n; i++) {
    nodes.push(
      node(`d${i}`, 'layers/dense', { units: 32 }),
      node(`n${i}`, 'normalization/layer-norm'),
      node(`g${i}`, 'activation/gelu'),
      node(`a${i}`, 'math/add'),
    );
    edges.push(
      edge(prev, `d${i}.x`),
      edge(`d${i}.y`, `n${i}.x`),
      edge(`n${i}.y`, `g${i}.x`),
      edge(`g${i}.y`, `a${i}.a`),
      edge(prev, `a${i}.b`),
    );
    prev = `a${i}.y`;
  }
  return graphDoc(nodes, edges);
};

/** An MLP module (param width) called by n/5 chained instances over five different widths. */
const moduleInstances = (n: number): TesseraDocument => {
  const mlp = moduleOf(
    'mlp',
    [
      node('in', 'module/input', { name: 'x' }),
      node('up', 'layers/dense', { units: '=width' }),
      node('act', 'activation/gelu'),
      node('down', 'layers/dense', { units: 32 }),
      node('out', 'module/output', { name: 'y' }),
    ],
    [
      edge('in.value', 'up.x'),
      edge('up.y', 'act.x'),
      edge('act.y', 'down.x'),
      edge('down.y', 'out.value'),
    ],
    'MLP',
    { width: { kind: 'int', default: 64, min: 1 } },
  );
  const nodes: DocNode[] = [
    node('data', 'data/mnist'),
    node('flat', 'shape/flatten'),
    node('in', 'layers/dense', { units: 32 }),
  ];
  const edges: DocEdge[] = [edge('data.image', 'flat.x'), edge('flat.y', 'in.x')];
  let prev = 'in.y';
  for (let i = 0; nodes.length < n / 5; i++) {
    nodes.push(node(`m${i}`, 'module/instance', { module: 'mlp', width: 32 * (1 + (i % 5)) }));
    edges.push(edge(prev, `m${i}.x`));
    prev = `m${i}.y`;
  }
  return graphDoc(nodes, edges, { modules: { mlp } });
};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

const time = (label: string, fn: () => { diagnostics: unknown[] }): void => {
  for (let i = 0; i < 10; i++) fn(); // warm up the JIT
  const ms: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    diagnostics = fn().diagnostics.length;
    ms.push(performance.now() - t0);
  }
  console.log(
    `${label.padEnd(40)} median ${median(ms).toFixed(2)} ms  (min ${Math.min(...ms).toFixed(2)}, max ${Math.max(...ms).toFixed(2)}, ${runs} runs, ${diagnostics} diagnostics)`,
  );
};

const c = chain(size);
const t = tree(size);
const text = serializeDocument(c);
time(`compileLoaded chain of ${size}`, () => compileLoaded(c, registry, testEnv));
time(`compileLoaded tree of ${size}`, () => compileLoaded(t, registry, testEnv));
time(`compileDocument (parse+load) chain of ${size}`, () =>
  compileDocument(text, registry, testEnv),
);
const p = primitives(size);
time(`compileLoaded ${Object.keys(p.nodes).length} primitives`, () =>
  compileLoaded(p, nodeRegistry, env),
);
const m = moduleInstances(size);
time(`compileLoaded ${Object.keys(m.nodes).length} param-module instances`, () =>
  compileLoaded(m, nodeRegistry, env),
);
