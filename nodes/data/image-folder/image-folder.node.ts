// b batch, h w the size every image is resized to, c channels (1 grey, 3 RGB); labels 0..K-1, K the
// class sub-folders sorted by name.
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { tensorType } from '../../../core/shapes/tensor-type';
import { imageDatasetOutputs } from '../image-dataset-spec';
import { createImageFolderLayer } from './image-folder.layer';
import { channelsOf, imageFolderParams } from './image-folder.params';

export const imageFolderNode = defineNode({
  id: 'data/image-folder',
  version: 1,
  title: 'Image Folder',
  category: 'data',
  role: 'dataset',
  doc:
    'Your own images as a dataset, laid out as torchvision’s ImageFolder: one sub-folder per class ' +
    '(its name is the class, classes sorted by name give labels 0, 1, ...), PNG or JPEG files in each. ' +
    'Every image is converted to C channels and resized to H x W (area averaging when shrinking, bilinear ' +
    'when growing); the decoded images are cached under ~/.cache/tessera/image-folder, so a second load ' +
    'skips decoding. Unreadable files are skipped and listed as warnings. A stratified, seeded fraction of ' +
    'each class is held out for previews and evaluation. Outputs are shaped as MNIST’s, so it can stand in ' +
    'for the dataset of an image template (set H, W and C to what the model expects).',
  paper: {
    citation:
      'Marcel, Rodriguez. Torchvision: the machine-vision package of Torch (ACM Multimedia 2010); the ImageFolder layout of torchvision.datasets',
    url: 'https://doi.org/10.1145/1873951.1874254',
  },
  inputs: [],
  outputs: imageDatasetOutputs,
  params: imageFolderParams,
  inferShapes: ({ params }) => {
    const diagnostics: PortDiagnostic[] = [];
    if (params.folder.trim() === '')
      diagnostics.push({
        severity: 'error',
        message:
          'Image Folder has no folder: set it to a folder with one sub-folder of PNG or JPEG images per class (Choose folder… in the inspector).',
      });
    return {
      outputs: {
        image: tensorType('float32', ['B', params.height, params.width, channelsOf(params)]),
        label: tensorType('int32', ['B']),
      },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createImageFolderLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'data/image-folder/image-folder.layer', factory: 'createImageFolderLayer' },
});
