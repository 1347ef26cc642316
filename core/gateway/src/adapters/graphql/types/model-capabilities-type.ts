import { capabilityNames, type ModelCapabilities } from '@conduit/plugin-api';
import { builder } from '../builder.ts';

export const ModelCapabilitiesType = builder.objectRef<ModelCapabilities>('ModelCapabilities').implement({
  description: 'What a model can do through its provider.',
  fields: (t) => Object.fromEntries(capabilityNames.map((name) => [name, t.exposeBoolean(name)])),
});

export const ModelCapabilitiesInput = builder.inputType('ModelCapabilitiesInput', {
  description: 'Overrides of what the provider plugin declares; unset fields keep the plugin default.',
  fields: (t) => Object.fromEntries(capabilityNames.map((name) => [name, t.boolean({ required: false })])),
});
