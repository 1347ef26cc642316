import { graphql } from '../graphql.ts';

export const DeploymentFields = graphql(`
  fragment DeploymentFields on ModelDeployment @_unmask {
    id modelName providerModel providerId weight priority enabled cacheTtlSeconds timeouts capabilityOverrides
    provider { id name type }
    capabilities { chat stream tools vision jsonObject jsonSchema embeddings images completions audioInput moderations }
    routing { circuit health consecutiveFailures errorRate inFlight latencyMs requests retryAt }
  }
`);

export const Models = graphql(`
  query Models {
    modelDeployments { ...DeploymentFields }
    providers { id name type }
    fallbackRules { id modelName fallbacks chain }
    routerSettings { defaultStrategy availableStrategies modelStrategies { modelName strategy } }
  }
`, [DeploymentFields]);

export const CreateDeployment = graphql(`
  mutation CreateDeployment($input: CreateModelDeploymentInput!) { createModelDeployment(input: $input) { ...DeploymentFields } }
`, [DeploymentFields]);

export const UpdateDeployment = graphql(`
  mutation UpdateDeployment($id: ID!, $input: UpdateModelDeploymentInput!) { updateModelDeployment(id: $id, input: $input) { ...DeploymentFields } }
`, [DeploymentFields]);

export const DeleteDeployment = graphql(`mutation DeleteDeployment($id: ID!) { deleteModelDeployment(id: $id) }`);

export const CreateFallbackRule = graphql(`
  mutation CreateFallbackRule($input: CreateFallbackRuleInput!) { createFallbackRule(input: $input) { id modelName fallbacks chain } }
`);

export const UpdateFallbackRule = graphql(`
  mutation UpdateFallbackRule($id: ID!, $input: UpdateFallbackRuleInput!) { updateFallbackRule(id: $id, input: $input) { id modelName fallbacks chain } }
`);

export const DeleteFallbackRule = graphql(`mutation DeleteFallbackRule($id: ID!) { deleteFallbackRule(id: $id) }`);

export const SetModelStrategy = graphql(`
  mutation SetModelStrategy($modelName: String!, $strategy: String) {
    setModelRoutingStrategy(modelName: $modelName, strategy: $strategy) { defaultStrategy modelStrategies { modelName strategy } }
  }
`);
