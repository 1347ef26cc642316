import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpClient, ProviderError, silentLogger } from '@conduit/plugin-api';
import { azureProvider as plugin } from '../src/index.ts';
import { defaultAzureApiVersion, normalizeEndpoint, readAzureSettings } from '../src/azure-settings.ts';
import { azureUrl } from '../src/azure-url.ts';

const settings = readAzureSettings('https://contoso.openai.azure.com', {});

test('deployment URLs carry the deployment and the default GA api-version', () => {
  assert.is(defaultAzureApiVersion, '2024-10-21');
  assert.is(
    azureUrl(settings, 'chat/completions', 'gpt-4o'),
    'https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
  );
  assert.is(
    azureUrl(settings, 'embeddings', 'text-embedding-3-large'),
    'https://contoso.openai.azure.com/openai/deployments/text-embedding-3-large/embeddings?api-version=2024-10-21',
  );
  assert.is(
    azureUrl(settings, 'images/generations', 'dall-e-3'),
    'https://contoso.openai.azure.com/openai/deployments/dall-e-3/images/generations?api-version=2024-10-21',
  );
  assert.is(
    azureUrl(settings, 'completions', 'gpt-35-turbo-instruct'),
    'https://contoso.openai.azure.com/openai/deployments/gpt-35-turbo-instruct/completions?api-version=2024-10-21',
  );
});

test('the model list is per resource', () => {
  assert.is(azureUrl(settings, 'models', undefined), 'https://contoso.openai.azure.com/openai/models?api-version=2024-10-21');
});

test('the apiVersion option replaces the default', () => {
  const custom = readAzureSettings('https://contoso.openai.azure.com', { apiVersion: '2025-04-01-preview' });
  assert.match(azureUrl(custom, 'chat/completions', 'x'), /\?api-version=2025-04-01-preview$/);
});

test('the v1 API uses OpenAI paths without deployment or api-version', () => {
  const v1 = readAzureSettings('https://contoso.openai.azure.com/', { v1Api: true });
  assert.is(azureUrl(v1, 'chat/completions', 'gpt-4o'), 'https://contoso.openai.azure.com/openai/v1/chat/completions');
  assert.is(azureUrl(v1, 'models', undefined), 'https://contoso.openai.azure.com/openai/v1/models');
});

test('deployment names are escaped in the path', () => {
  assert.match(azureUrl(settings, 'chat/completions', 'my deployment'), /\/deployments\/my%20deployment\//);
});

test('endpoints pasted in the SDK baseURL form are normalised', () => {
  assert.is(normalizeEndpoint('https://contoso.openai.azure.com/openai/'), 'https://contoso.openai.azure.com');
  assert.is(normalizeEndpoint('https://contoso.openai.azure.com/openai/v1'), 'https://contoso.openai.azure.com');
  assert.is(normalizeEndpoint('https://contoso.cognitiveservices.azure.com//'), 'https://contoso.cognitiveservices.azure.com');
});

test('the resourceName option stands in for an empty base URL', () => {
  assert.is(readAzureSettings('', { resourceName: 'fabrikam' }).endpoint, 'https://fabrikam.openai.azure.com');
});

test('without an endpoint the settings are refused with a clear message', () => {
  try {
    readAzureSettings('', {});
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.ok(ProviderError.isInstance(error));
    assert.match((error as Error).message, /resource endpoint/);
  }
});

test('a record without an endpoint is refused by create(), with the reason', () => {
  const create = () =>
    plugin.create({
      provider: { id: 'p', name: 'azure', type: 'azure-openai' },
      baseUrl: '',
      credentials: { apiKey: 'k' },
      options: {},
      pluginOptions: {},
      http: createHttpClient(),
      logger: silentLogger,
    });
  assert.throws(create, (error: Error) => ProviderError.isInstance(error) && /resource endpoint/.test(error.message));
});

test.run();
