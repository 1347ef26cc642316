/**
 * Audio health checks through the admin API: the opt-in is a provider option the gateway checks
 * itself, a check on demand runs them against the fake OpenAI upstream, and the history tells the
 * probes apart.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startOpenAIFakeUpstream } from '../../../../plugins/provider-openai/test/fake-openai-upstream.ts';
import { startTestGateway } from '../support/test-gateway.ts';

const harness = await startTestGateway();
const fake = await startOpenAIFakeUpstream();
test.after(async () => {
  await harness.close();
  await fake.close();
});

const createProvider = 'mutation($input: CreateProviderInput!) { createProvider(input: $input) { id problem } }';
const history = `query($providerId: ID!, $probes: [ProviderHealthProbe!]) {
  providerHealthHistory(providerId: $providerId, probes: $probes) { edges { node { probe status error } } }
}`;
type History = { providerHealthHistory: { edges: Array<{ node: { probe: string; status: string; error: string | null } }> } };

test('an opted-in provider is accepted, and a check on demand stores its speech and transcription checks', async () => {
  const input = {
    name: 'openai-speech',
    type: 'openai',
    baseUrl: fake.provider.baseUrl,
    apiKey: fake.provider.credentials.apiKey,
    options: { audioHealthCheck: { speechModel: 'tts-1', transcriptionModel: 'whisper-1', voice: 'nova' } },
  };
  const created = await harness.graphql<{ createProvider: { id: string; problem: string | null } }>(createProvider, { input });
  assert.is(created.createProvider.problem, null);
  const providerId = created.createProvider.id;
  await harness.createDeployment({ modelName: 'chat', providerId, providerModel: 'gpt-4o-mini' });

  await harness.graphql('mutation($id: ID!) { checkProviderHealth(providerId: $id) { status } }', { id: providerId });
  const audio = await harness.graphql<History>(history, { providerId, probes: ['AUDIO_SPEECH', 'AUDIO_TRANSCRIPTION'] });
  assert.equal(
    audio.providerHealthHistory.edges.map(({ node }) => [node.probe, node.status]).sort(),
    [
      ['AUDIO_SPEECH', 'UP'],
      ['AUDIO_TRANSCRIPTION', 'UP'],
    ],
  );
  const liveness = await harness.graphql<History>(history, { providerId, probes: ['LIVENESS'] });
  assert.equal(liveness.providerHealthHistory.edges.map(({ node }) => node.probe), ['LIVENESS']);
  const all = await harness.graphql<History>(history, { providerId });
  assert.is(all.providerHealthHistory.edges.length, 3);
  const speech = fake.requests().find((request) => request.path === '/v1/audio/speech');
  assert.is((speech?.body as { voice?: string }).voice, 'nova');
});

test('a provider not opted in gets no audio check on demand', async () => {
  const fresh = fake.requests().length;
  const providerId = await harness.createOpenAIProvider('openai-plain', fake);
  await harness.createDeployment({ modelName: 'chat-plain', providerId, providerModel: 'gpt-4o-mini' });
  await harness.graphql('mutation($id: ID!) { checkProviderHealth(providerId: $id) { status } }', { id: providerId });
  assert.equal(fake.requests().slice(fresh).filter((request) => request.path.startsWith('/v1/audio/')), []);
  const audio = await harness.graphql<History>(history, { providerId, probes: ['AUDIO_SPEECH', 'AUDIO_TRANSCRIPTION'] });
  assert.equal(audio.providerHealthHistory.edges, []);
});

test('a malformed opt-in is refused, naming the field', async () => {
  const { body } = await harness.graphqlRaw(createProvider, {
    input: { name: 'bad', type: 'openai', apiKey: 'k', options: { audioHealthCheck: { voice: 'nova' } } },
  });
  assert.is(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.is(body.errors?.[0]?.extensions?.field, 'input.options.audioHealthCheck');
  assert.match(body.errors?.[0]?.message ?? '', /names no model to check/);
});

test.run();
