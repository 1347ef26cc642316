import { graphql } from '../graphql.ts';
import { AudioCapabilitiesFields } from './audio-operations.ts';

export const IpFilters = graphql(`
  query IpFilters {
    ipFilters(scope: ALL) { id cidr action description enabled virtualKeyId createdAt }
    ipFilterSettings { trustedProxies }
    virtualKeys { id name }
  }
`);

export const CreateIpFilter = graphql(`
  mutation CreateIpFilter($input: CreateIpFilterInput!) { createIpFilter(input: $input) { id } }
`);

export const UpdateIpFilter = graphql(`
  mutation UpdateIpFilter($id: ID!, $input: UpdateIpFilterInput!) { updateIpFilter(id: $id, input: $input) { id enabled } }
`);

export const DeleteIpFilter = graphql(`mutation DeleteIpFilter($id: ID!) { deleteIpFilter(id: $id) }`);

export const UpdateIpFilterSettings = graphql(`
  mutation UpdateIpFilterSettings($input: UpdateIpFilterSettingsInput!) { updateIpFilterSettings(input: $input) { trustedProxies } }
`);

export const Plugins = graphql(`
  query Plugins {
    plugins {
      name kind version module displayName description defaultBaseUrl
      capabilities { chat stream tools vision jsonObject jsonSchema embeddings images completions audioInput moderations }
      audioCapabilities { ...AudioCapabilitiesFields }
    }
  }
`, [AudioCapabilitiesFields]);

export const PlaygroundModels = graphql(`query PlaygroundModels { modelDeployments { modelName enabled } modelCosts { model inputPerMillion outputPerMillion } }`);
