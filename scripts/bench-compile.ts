// Times the compiler front the editor runs on every edit: compileLoaded (validation + shape
// inference) of a 500-node chain and a 500-node tree of test nodes. Prints median ms per compile.
// Run: node --import tsx scripts/bench-compile.ts [nodes] [runs]
import { performance } from 'node:perf_hooks';
import { compileDocument, compileLoaded } from '../core/graph/compile';
import { serializeDocument } from '../core/document/serialize-document';
import { createRegistry } from '../core/node-contract/node-definition';
import { testEnv, testNodes } from '../core/graph/testing/fake-nodes';
import { edge, graphDoc, node } from '../core/graph/testing/doc-builder';
import type { DocEdge, DocNode, TesseraDocument } from '../core/document/document.types';

const size = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 50);
// Test nodes only: tsx cannot resolve the extensionless '*.node' imports of nodes/module.
const registry = createRegistry(testNodes);

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
