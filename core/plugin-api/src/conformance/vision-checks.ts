/** Vision: images as data URLs and as http URLs reach the provider. */
import * as assert from 'uvu/assert';
import type { ConformanceCheck } from './conformance-check.ts';
import { startImageServer, testPngBase64 } from './image-server.ts';

export const visionChecks: ConformanceCheck[] = [
  {
    name: 'vision: data URL image',
    requires: ['chat', 'vision'],
    async run({ client, fake, call, chatRequest }) {
      const dataUrl = `data:image/png;base64,${testPngBase64}`;
      await client.chat(
        chatRequest({
          messages: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'What is in this image?' },
                { type: 'image_url', image_url: { url: dataUrl } },
              ],
            },
          ],
        }),
        call(),
      );
      const [message] = fake.lastRequest().messages;
      assert.is(message.text, 'What is in this image?');
      assert.is(message.images?.length, 1, 'one image reached the provider');
      const [image] = message.images!;
      if (image.url !== undefined && image.base64 === undefined) {
        assert.is(image.url, dataUrl, 'the data URL reached the provider unchanged');
      } else {
        assert.is(image.base64, testPngBase64, 'the image bytes reached the provider');
        assert.is(image.mediaType, 'image/png', 'with their media type');
      }
    },
  },
  {
    name: 'vision: http URL image',
    requires: ['chat', 'vision'],
    async run({ client, fake, call, chatRequest }) {
      const images = await startImageServer();
      try {
        await client.chat(
          chatRequest({
            messages: [
              {
                role: 'user',
                content: [
                  { type: 'text', text: 'Describe it.' },
                  { type: 'image_url', image_url: { url: images.url, detail: 'low' } },
                ],
              },
            ],
          }),
          call(),
        );
      } finally {
        await images.close();
      }
      const [message] = fake.lastRequest().messages;
      assert.is(message.images?.length, 1, 'one image reached the provider');
      const [image] = message.images!;
      // A provider that takes URLs gets the URL; one that only takes bytes gets them downloaded.
      if (image.base64 !== undefined) assert.is(image.base64, testPngBase64, 'the downloaded bytes reached the provider');
      else assert.is(image.url, images.url, 'the URL reached the provider');
    },
  },
];
