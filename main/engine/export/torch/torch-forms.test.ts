// The node contract for the PyTorch target: every registered node type has an entry in the
// torch forms table (a form, or an explicit 'unsupported' reason), and no entry names a type
// that does not exist.
import { describe, expect, it } from 'vitest';
import { allNodeDefinitions } from '../../../../nodes/registry';
import { exportableTypes, torchForms, typesWithoutTorchForm } from './torch-forms';

describe('PyTorch forms', () => {
  const registered = allNodeDefinitions.map((d) => d.id);

  it('cover every registered node type (the missing ones are listed)', () => {
    expect(typesWithoutTorchForm(registered)).toEqual([]);
  });

  it('name only registered types, and the check catches a missing one', () => {
    expect(Object.keys(torchForms).filter((t) => !registered.includes(t))).toEqual([]);
    expect(typesWithoutTorchForm(['layers/conv2d', 'future/new-node'])).toEqual([
      'future/new-node',
    ]);
  });

  it('give every primitive of the conv-autoencoder template a real form', () => {
    const needed = [
      'data/mnist',
      'layers/conv2d',
      'layers/conv-transpose2d',
      'activation/relu',
      'activation/sigmoid',
      'loss/mse',
      'optimize/optimizer',
    ];
    expect(needed.filter((t) => !exportableTypes().includes(t))).toEqual([]);
  });

  it('say why a type is not expressible', () => {
    const custom = torchForms['custom/custom-layer'];
    expect(custom?.kind).toBe('unsupported');
    if (custom?.kind === 'unsupported') expect(custom.reason).toMatch(/custom-code/);
  });
});
