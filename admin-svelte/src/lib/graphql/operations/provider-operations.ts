import { graphql } from '../graphql.ts';

export const ProviderFields = graphql(`
  fragment ProviderFields on Provider @_unmask {
    id name type baseUrl enabled hasApiKey secretFields options problem createdAt updatedAt
    health { status outage error latencyMs checkedAt since }
    deployments { id modelName providerModel }
  }
`);

export const Providers = graphql(`
  query Providers {
    providers { ...ProviderFields }
    plugins { name kind displayName description defaultBaseUrl credentialsSchema optionsSchema }
  }
`, [ProviderFields]);

export const CreateProvider = graphql(`
  mutation CreateProvider($input: CreateProviderInput!) { createProvider(input: $input) { ...ProviderFields } }
`, [ProviderFields]);

export const UpdateProvider = graphql(`
  mutation UpdateProvider($id: ID!, $input: UpdateProviderInput!) { updateProvider(id: $id, input: $input) { ...ProviderFields } }
`, [ProviderFields]);

export const DeleteProvider = graphql(`mutation DeleteProvider($id: ID!) { deleteProvider(id: $id) }`);

export const CheckProviderHealth = graphql(`
  mutation CheckProviderHealth($providerId: ID!) { checkProviderHealth(providerId: $providerId) { status error latencyMs checkedAt } }
`);
