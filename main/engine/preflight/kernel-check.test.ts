import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../backend/select-backend';
import { compileAndBuild, smallVqVae } from '../testing/engine-fixtures';
import { Trainer } from '../train/trainer';
import { checkKernels, kernelDiagnostics } from './kernel-check';
import type { KernelProfile } from './kernel-profile';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const values = (m: Map<string, tfjs.Variable>): Record<string, number[]> =>
  Object.fromEntries([...m].map(([k, v]) => [k, Array.from(v.dataSync())]));

describe('checkKernels', () => {
  it("finds no problem for the VQ-VAE on wasm with Tessera's kernels, and covers gradients and previews", async () => {
    const built = await compileAndBuild(tf, smallVqVae({ batchSize: 4 }));
    const profiles: { profile: KernelProfile; backend: string }[] = [];
    const diags = await checkKernels(tf, built, 'wasm', {
      onProfile: (profile, backend) => profiles.push({ profile, backend }),
    });
    expect(diags).toEqual([]);
    expect(profiles.map((p) => p.backend)).toEqual(['wasm']);
    const { uses, kernelNames, failures } = profiles[0]!.profile;
    expect(failures).toEqual([]);
    expect(kernelNames).toContain('Conv2DBackpropFilter');
    expect(kernelNames).toContain('Conv2D');
    // Attributed to nodes and phases: the encoder's conv gradient, the decoder's forward.
    const of = (node: string, phase: string): Set<string> =>
      new Set(
        uses.filter((u) => u.owner?.nodeId === node && u.phase === phase).map((u) => u.kernel),
      );
    expect(of('encoder', 'gradient').has('Conv2DBackpropFilter')).toBe(true);
    expect(of('encoder', 'forward').has('Conv2D')).toBe(true);
    expect(of('encoder', 'forward').has('Conv2DBackpropFilter')).toBe(false);
    expect(of('vq', 'forward').has('ArgMin')).toBe(true);
    expect(of('vq', 'after-step').size).toBeGreaterThan(0); // the codebook's usage statistics
    expect(new Set(uses.map((u) => u.task))).toEqual(
      new Set([
        'objective "vq-vae"',
        'preview "Reconstructions (input | output)"',
        'preview "Codebook usage"',
      ]),
    );
    built.dispose();
  });

  it('leaves weights, state, the tensor count and the training run unchanged', async () => {
    const doc = smallVqVae({ batchSize: 4, steps: 3 });
    const a = await compileAndBuild(tf, doc);
    const b = await compileAndBuild(tf, doc);
    const weightsBefore = values(a.weights());
    const stateBefore = values(a.state());
    const tensors = tf.memory().numTensors;
    expect(await checkKernels(tf, a, 'wasm')).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(values(a.weights())).toEqual(weightsBefore);
    expect(values(a.state())).toEqual(stateBefore);
    // A trainer started after the check follows exactly the run of one started without it.
    const ta = new Trainer(a);
    const tb = new Trainer(b);
    for (let i = 0; i < 3; i++) expect(ta.runStep().losses).toEqual(tb.runStep().losses);
    expect(values(a.weights())).toEqual(values(b.weights()));
    a.dispose();
    b.dispose();
  });

  it("runs after-step hooks as the trainer does: not for a stage's frozen nodes", async () => {
    const doc = smallVqVae({ batchSize: 4 });
    doc.training.stages[0]!.frozen = ['vq'];
    const built = await compileAndBuild(tf, doc);
    const tensors = tf.memory().numTensors;
    let profile: KernelProfile | undefined;
    expect(await checkKernels(tf, built, 'wasm', { onProfile: (p) => (profile = p) })).toEqual([]);
    expect(profile!.uses.filter((u) => u.phase === 'after-step')).toEqual([]);
    expect(profile!.uses.some((u) => u.owner?.nodeId === 'vq' && u.phase === 'forward')).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors); // the quantizer's training-mode stash was dropped
    built.dispose();
  });

  it('the pure part reports one error per node and missing kernel, naming node, kernel, backend and fix', async () => {
    const built = await compileAndBuild(tf, smallVqVae({ batchSize: 4 }));
    let profile: KernelProfile | undefined;
    await checkKernels(tf, built, 'wasm', { onProfile: (p) => (profile = p) });
    const diags = kernelDiagnostics(profile!.uses, [], 'wasm', (k) => k !== 'Conv2DBackpropFilter');
    const enc = diags.filter((d) => d.nodeId === 'encoder');
    expect(enc).toHaveLength(1);
    expect(enc[0]).toMatchObject({ severity: 'error', source: 'kernels' });
    expect(enc[0]!.message).toMatch(
      /^Node 'Encoder' needs the Conv2DBackpropFilter kernel \(its gradient, in objective "vq-vae"\), which the wasm backend lacks; train on tensorflow \(tfjs-node\) or cpu/,
    );
    // The transposed convolutions' filter gradient is a Conv2DBackpropFilter too: the decoder is named as well, nothing else.
    expect(diags.map((d) => d.nodeId).sort()).toEqual(['decoder', 'encoder']);
    // A run that failed for another reason is a warning on the loss node, not an error.
    const other = kernelDiagnostics(
      [],
      [
        {
          task: 'objective "x"',
          lossNodeId: 'total',
          owner: undefined,
          message: 'Shapes do not match\nmore',
        },
      ],
      'wasm',
      () => true,
    );
    expect(other).toEqual([
      {
        severity: 'warning',
        source: 'kernels',
        nodeId: 'total',
        message: expect.stringMatching(
          /could not run objective "x" on a small batch \(Shapes do not match\); its kernels on the wasm backend are unchecked/,
        ),
      },
    ]);
    built.dispose();
  });

  it('with the kernel unregistered from wasm: the run stops, the cpu backend gives the full set, wasm stays active', async () => {
    const built = await compileAndBuild(tf, smallVqVae({ batchSize: 4 }));
    const config = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    expect(config).toBeDefined();
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    const backends: string[] = [];
    const tensors = tf.memory().numTensors;
    const weightsBefore = values(built.weights());
    try {
      const diags = await checkKernels(tf, built, 'wasm', {
        onProfile: (p, b) => backends.push(`${b}:${p.failures.length}`),
      });
      expect(backends).toEqual(['wasm:1', 'cpu:0']);
      expect(tf.getBackend()).toBe('wasm');
      const enc = diags.filter((d) => d.nodeId === 'encoder');
      expect(enc).toHaveLength(1);
      expect(enc[0]!.severity).toBe('error');
      expect(enc[0]!.message).toMatch(
        /'Encoder' needs the Conv2DBackpropFilter kernel .* wasm backend lacks/,
      );
      expect(
        diags.every((d) => d.severity === 'error' && /Conv2DBackpropFilter/.test(d.message)),
      ).toBe(true);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(values(built.weights())).toEqual(weightsBefore);
    } finally {
      if (config) tf.registerKernel(config);
      built.dispose();
    }
  });
});
