// The templates that export to PyTorch (every other template is refused, naming its nodes):
// torch-templates.equivalence.test.ts checks each against the app, torch-ddp-templates.test.ts
// trains each on 2 processes, export-torch.test.ts checks that exactly these export.
export const EXPORTING_TEMPLATES = [
  'conv-autoencoder',
  'dcgan',
  'wgan-clip',
  'wgan-gp',
  'vq-vae',
  'fvsbn',
  'made',
  'nade',
  'pixelcnn',
  'char-gpt',
  'char-gpt-linear',
  'char-gpt-flash',
  'oadtr',
  'oadtr-no-decoder',
  'oadtr-no-task-token',
  'simclr',
  'masked-pretraining',
  'detr',
  'vqgan',
  'ddpm',
  'latent-diffusion',
] as const;
