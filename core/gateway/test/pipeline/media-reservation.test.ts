// Budget reservations count what the text does not show: a chat request with an image or audio part
// reserves an allowance for it, so concurrent vision requests cannot overshoot a budget.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { postChat } from '../support/limit-helpers.ts';
import { startTestGateway } from '../support/test-gateway.ts';
import { makeWav } from '../../../../test/support/make-wav.ts';

const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
const audio = { type: 'input_audio', input_audio: { data: makeWav(5).toString('base64'), format: 'wav' } };

test('a budget that covers a text request refuses the same request with an image or audio part', async () => {
  const fake = await startOpenAIFakeUpstream();
  const harness = await startTestGateway();
  try {
    const providerId = await harness.createOpenAIProvider('openai', fake);
    await harness.createDeployment({ modelName: 'chat', providerId, providerModel: 'gpt-4o-mini' });
    // $10 per million tokens: 'hi' with max_tokens 10 reserves ~$0.0002; an image's allowance alone, or 5 s of audio's, more than $0.01.
    await harness.graphql('mutation { createModelCost(input: { model: "chat", inputPerMillion: 10, outputPerMillion: 10 }) { id } }');
    const { key } = await harness.createKey({ maxBudget: 0.01, budgetPeriod: 'MONTHLY' });

    const text = await postChat(harness.url, key, {});
    assert.is(text.status, 200, `a text request fits the budget: ${text.message}`);
    const withImage = await postChat(harness.url, key, { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, image] }] });
    assert.is(withImage.status, 429, 'the image part is reserved for');
    const withAudio = await postChat(harness.url, key, {
      model: 'chat',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, audio] }],
    });
    assert.is(withAudio.status, 429, 'audio parts are reserved for');
  } finally {
    await harness.close();
    await fake.close();
  }
});

test.run();
