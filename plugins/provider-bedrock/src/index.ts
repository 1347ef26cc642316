/**
 * AWS Bedrock through the Converse API: one request and response shape for every chat model on
 * Bedrock, signed with SigV4 (or a Bedrock API key). The endpoint is the region's runtime endpoint
 * unless the provider record sets a base URL (a VPC endpoint, a proxy, a test fake).
 *
 * Not implemented yet: embeddings (Bedrock serves them through InvokeModel with per-model bodies,
 * not Converse), image generation, and the model list (a control-plane API on another host).
 */
import { definePlugin, noCapabilities } from '@conduit/plugin-api';
import { defaultRegion } from './bedrock-settings.ts';
import { createBedrockClient } from './create-bedrock-client.ts';
import { bedrockModelCapabilities } from './model-capabilities.ts';

export default definePlugin({
  apiVersion: 1,
  kind: 'provider',
  name: 'bedrock',
  version: '0.1.0',
  displayName: 'AWS Bedrock',
  description: 'Chat models on Amazon Bedrock through the Converse API',
  // The default endpoint depends on the region option, so create() computes it when the record has
  // no base URL.
  defaultBaseUrl: undefined,
  credentialsSchema: {
    type: 'object',
    properties: {
      accessKeyId: { type: 'string', title: 'AWS access key id' },
      secretAccessKey: { type: 'string', title: 'AWS secret access key', writeOnly: true },
      sessionToken: { type: 'string', title: 'AWS session token (temporary credentials)', writeOnly: true },
      apiKey: { type: 'string', title: 'Bedrock API key (instead of access keys; sent as a bearer token)', writeOnly: true },
    },
    anyOf: [{ required: ['accessKeyId', 'secretAccessKey'] }, { required: ['apiKey'] }],
    additionalProperties: false,
  },
  optionsSchema: {
    type: 'object',
    properties: {
      region: { type: 'string', title: 'AWS region', default: defaultRegion, pattern: '^[a-z]{2}(-[a-z]+)+-\\d+$' },
    },
    required: ['region'],
    additionalProperties: false,
  },
  capabilities: { ...noCapabilities, chat: true, stream: true, tools: true },
  modelCapabilities: bedrockModelCapabilities,
  create: createBedrockClient,
});
