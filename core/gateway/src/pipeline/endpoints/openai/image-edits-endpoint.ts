/**
 * POST /v1/images/edits: images uploaded with a prompt (multipart), edited by a provider that offers
 * `imageEdits`. Routed, billed and relayed as image generation is (image-generations-endpoint.ts); the
 * uploaded images are reserved as prompt image parts.
 */
import { ProviderError, type ImageUpload, type ImagesResponse } from '@conduit/plugin-api';
import { Prompt } from '../../../engine/usage/prompt.ts';
import { answerDelivery, defineEndpoint } from '../../endpoint.ts';
import { checkAnswer } from '../../http/check-answer.ts';
import { imagesUsage } from './images-usage.ts';
import { readImageEditForm, type ImageEditInput } from './read-image-edit-form.ts';

const imageTypes: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' };

/** The uploads for one attempt: the held bytes, sent again from the start. */
function uploadsOf(input: ImageEditInput): ImageUpload[] {
  return input.files.map((file) => {
    const extension = /\.([A-Za-z0-9]+)$/.exec(file.filename)?.[1]?.toLowerCase() ?? '';
    return {
      field: file.field,
      filename: file.filename || `${file.field === 'mask' ? 'mask' : 'image'}.png`,
      contentType: imageTypes[extension] ?? (file.declaredType || 'application/octet-stream'),
      body: file.upload.read(),
      bytes: file.bytes,
    };
  });
}

const editsAnswer = answerDelivery<ImageEditInput, ImagesResponse>({
  kind: 'answer',
  call: async (route, input, options) => {
    const client = route.provider.client;
    if (!client.imageEdits) {
      throw new ProviderError({ code: 'unsupported', message: 'This provider does not offer image edits', retryable: false });
    }
    const request = { model: route.providerModel, prompt: input.prompt, files: uploadsOf(input), fields: input.fields };
    return checkAnswer(client.imageEdits(request, options), 'data', route.provider.name);
  },
  usage: imagesUsage,
});

export const imageEditsEndpoint = defineEndpoint<ImageEditInput>({
  name: 'images/edits',
  permission: 'IMAGES',
  parse: readImageEditForm,
  route: (input) => ({
    model: input.model,
    stream: false,
    capabilities: ['images'],
    estimate: {
      prompt: new Prompt([input.prompt], { images: input.files.filter((file) => file.field !== 'mask').length, audioSeconds: 0 }),
      maxOutputTokens: undefined,
      images: input.n,
    },
  }),
  delivery: () => editsAnswer,
});
