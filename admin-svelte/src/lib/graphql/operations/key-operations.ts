import { graphql } from '../graphql.ts';

export const VirtualKeyFields = graphql(`
  fragment VirtualKeyFields on VirtualKey @_unmask {
    id name keyPrefix enabled expiresAt allowedModels groupId metadata
    maxBudget budgetPeriod spend spendThisPeriod reserved remaining rpm rpd tpm maxParallel permissions maxRealtimeSessions createdAt
    group { id name }
    budget { maxBudget spend reserved remaining period periodResetsAt }
  }
`);

export const VirtualKeys = graphql(`
  query VirtualKeys { virtualKeys { ...VirtualKeyFields } keyGroups { id name } }
`, [VirtualKeyFields]);

export const CreateVirtualKey = graphql(`
  mutation CreateVirtualKey($input: CreateVirtualKeyInput!) { createVirtualKey(input: $input) { key virtualKey { ...VirtualKeyFields } } }
`, [VirtualKeyFields]);

export const UpdateVirtualKey = graphql(`
  mutation UpdateVirtualKey($id: ID!, $input: UpdateVirtualKeyInput!) { updateVirtualKey(id: $id, input: $input) { ...VirtualKeyFields } }
`, [VirtualKeyFields]);

export const DeleteVirtualKey = graphql(`mutation DeleteVirtualKey($id: ID!) { deleteVirtualKey(id: $id) }`);

export const KeyGroupFields = graphql(`
  fragment KeyGroupFields on KeyGroup @_unmask {
    id name maxBudget budgetPeriod spendThisPeriod reserved remaining rpm rpd tpm maxParallel metadata createdAt
    keys { id name }
  }
`);

export const KeyGroups = graphql(`query KeyGroups { keyGroups { ...KeyGroupFields } }`, [KeyGroupFields]);

export const CreateKeyGroup = graphql(`
  mutation CreateKeyGroup($input: CreateKeyGroupInput!) { createKeyGroup(input: $input) { ...KeyGroupFields } }
`, [KeyGroupFields]);

export const UpdateKeyGroup = graphql(`
  mutation UpdateKeyGroup($id: ID!, $input: UpdateKeyGroupInput!) { updateKeyGroup(id: $id, input: $input) { ...KeyGroupFields } }
`, [KeyGroupFields]);

export const DeleteKeyGroup = graphql(`mutation DeleteKeyGroup($id: ID!) { deleteKeyGroup(id: $id) }`);
