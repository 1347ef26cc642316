import { graphql } from '../graphql.ts';

export const PriceFields = graphql(`
  fragment PriceFields on ModelCost @_unmask {
    id model inputPerMillion outputPerMillion cachedInputPerMillion cacheWritePerMillion cacheWrite1hPerMillion perImage
    audioInputPerMinute audioOutputPerMinute speechPerMillionCharacters audioInputPerMillion audioOutputPerMillion cachedAudioInputPerMillion sessionPerMinute batchMultiplier maxOutputTokens updatedAt
  }
`);

export const Prices = graphql(`
  query Prices { modelCosts { ...PriceFields } unpricedModels { model providerModel requests lastSeenAt } }
`, [PriceFields]);

export const CreatePrice = graphql(`
  mutation CreatePrice($input: CreateModelCostInput!) { createModelCost(input: $input) { ...PriceFields } }
`, [PriceFields]);

export const UpdatePrice = graphql(`
  mutation UpdatePrice($id: ID!, $input: UpdateModelCostInput!) { updateModelCost(id: $id, input: $input) { ...PriceFields } }
`, [PriceFields]);

export const DeletePrice = graphql(`mutation DeletePrice($id: ID!) { deleteModelCost(id: $id) }`);

export const ExportPrices = graphql(`query ExportPrices($format: PriceTableFormat!) { exportModelCosts(format: $format) }`);

export const ImportPrices = graphql(`
  mutation ImportPrices($input: ImportModelCostsInput!) { importModelCosts(input: $input) { created updated deleted } }
`);
