// Sets the base feature maps F of a GAN template's generator and critic, whichever way the
// file builds them: the primitive modules of templates/dcgan.json (module param `features`,
// whose default every instance and handle uses) or the legacy blocks (gen-net / critic-net
// baseChannels) of the WGAN templates and main/engine/bench/fixtures/dcgan-legacy-blocks.json.
import type { TesseraDocument } from '../../core/document/document.types';

const LEGACY_NODE: Record<string, string> = { generator: 'gen-net', critic: 'critic-net' };

export const setGanWidth = (doc: TesseraDocument, features: number): TesseraDocument => {
  for (const [moduleId, legacyNode] of Object.entries(LEGACY_NODE)) {
    const m = doc.modules[moduleId];
    if (!m) throw new Error(`setGanWidth: the document has no module ${moduleId}.`);
    const block = m.nodes[legacyNode];
    const decl = m.params?.['features'];
    if (block) block.params = { ...block.params, baseChannels: features };
    else if (decl) decl.default = features;
    else
      throw new Error(
        `setGanWidth: module ${moduleId} has neither ${legacyNode} nor a features param.`,
      );
  }
  return doc;
};
