import { builder } from '../builder.ts';
import type { IpFilterRecord } from '../../../infrastructure/database/models/ip-filter-model.ts';
import type { IpFilterSettings } from '../../../engine/ip-filter/ip-filter-state.ts';
import { withoutNulls } from '../without-nulls.ts';
import { VirtualKeyType } from './virtual-key-type.ts';

const IpFilterActionEnum = builder.enumType('IpFilterAction', {
  values: {
    ALLOW: { description: 'Where a scope (global, or a key) has ALLOW rules, only addresses matching one of them may call.' },
    DENY: { description: 'Addresses matching are refused (403), whatever else allows them.' },
  },
});

const IpFilterType = builder.objectRef<IpFilterRecord>('IpFilter').implement({
  description: 'An allow or deny rule for an IPv4 or IPv6 CIDR range, global or for one virtual key. Deny wins.',
  fields: (t) => ({
    id: t.exposeID('id'),
    cidr: t.exposeString('cidr', { description: 'Normalised: the network address and prefix, e.g. 10.0.0.0/8.' }),
    action: t.field({ type: IpFilterActionEnum, resolve: (filter) => filter.action }),
    virtualKeyId: t.id({ nullable: true, description: 'Null: a global rule.', resolve: (filter) => filter.virtualKeyId }),
    description: t.string({ nullable: true, resolve: (filter) => filter.description }),
    enabled: t.exposeBoolean('enabled'),
    createdAt: t.field({ type: 'DateTime', resolve: (filter) => filter.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (filter) => filter.updatedAt }),
  }),
});

builder.objectField(VirtualKeyType, 'ipFilters', (t) =>
  t.field({ type: [IpFilterType], description: "The key's own IP rules.", resolve: (key, _args, { services }) => services.ipFilters.list({ virtualKeyId: key.id }) }),
);

const IpFilterSettingsType = builder.objectRef<IpFilterSettings>('IpFilterSettings').implement({
  fields: (t) => ({
    trustedProxies: t.stringList({
      description: 'CIDR ranges of the proxies whose X-Forwarded-For is believed. Empty: the header is ignored and the socket address is the client.',
      resolve: (settings) => settings.trustedProxies,
    }),
    authFailureLimit: t.int({
      nullable: true,
      description: 'Failed authentications from one address (within authFailureWindowSeconds) after which it is refused with 403 for authBanSeconds. Null: no banning.',
      resolve: (settings) => settings.authFailureLimit,
    }),
    authFailureWindowSeconds: t.int({ resolve: (settings) => settings.authFailureWindowSeconds }),
    authBanSeconds: t.int({ resolve: (settings) => settings.authBanSeconds }),
  }),
});

const CreateIpFilterInput = builder.inputType('CreateIpFilterInput', {
  fields: (t) => ({
    cidr: t.string({ required: true, description: 'An IPv4 or IPv6 address or CIDR range.' }),
    action: t.field({ type: IpFilterActionEnum, required: true }),
    virtualKeyId: t.id({ description: 'Unset: a global rule.' }),
    description: t.string(),
    enabled: t.boolean(),
  }),
});

const UpdateIpFilterInput = builder.inputType('UpdateIpFilterInput', {
  fields: (t) => ({
    cidr: t.string(),
    action: t.field({ type: IpFilterActionEnum }),
    description: t.string({ description: 'null clears it.' }),
    enabled: t.boolean(),
  }),
});

const UpdateIpFilterSettingsInput = builder.inputType('UpdateIpFilterSettingsInput', {
  fields: (t) => ({
    trustedProxies: t.stringList({ description: 'Replaces the whole list.' }),
    authFailureLimit: t.int({ description: 'null turns banning off.' }),
    authFailureWindowSeconds: t.int(),
    authBanSeconds: t.int(),
  }),
});

const IpFilterScopeEnum = builder.enumType('IpFilterScope', { values: ['ALL', 'GLOBAL', 'KEY'] as const });

builder.queryFields((t) => ({
  ipFilters: t.field({
    type: [IpFilterType],
    args: {
      virtualKeyId: t.arg.id({ description: "Only this key's rules." }),
      scope: t.arg({ type: IpFilterScopeEnum, description: 'GLOBAL: only global rules; KEY: only per-key rules. Default ALL.' }),
    },
    resolve: async (_root, args, { services }) => {
      if (args.virtualKeyId != null) return services.ipFilters.list({ virtualKeyId: String(args.virtualKeyId) });
      if (args.scope === 'GLOBAL') return services.ipFilters.list({ virtualKeyId: null });
      const all = await services.ipFilters.list();
      return args.scope === 'KEY' ? all.filter((filter) => filter.virtualKeyId !== null) : all;
    },
  }),
  ipFilter: t.field({
    type: IpFilterType,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, { services }) => services.ipFilters.get(String(args.id)),
  }),
  ipFilterSettings: t.field({ type: IpFilterSettingsType, resolve: (_root, _args, { services }) => services.ipFilters.settings() }),
}));

builder.mutationFields((t) => ({
  createIpFilter: t.field({
    type: IpFilterType,
    args: { input: t.arg({ type: CreateIpFilterInput, required: true }) },
    resolve: (_root, { input }, { services }) =>
      services.ipFilters.create({
        ...withoutNulls(input),
        cidr: input.cidr,
        action: input.action,
        virtualKeyId: input.virtualKeyId == null ? null : String(input.virtualKeyId),
      }),
  }),
  updateIpFilter: t.field({
    type: IpFilterType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateIpFilterInput, required: true }) },
    resolve: (_root, { id, input }, { services }) => services.ipFilters.update(String(id), withoutNulls(input, ['description'])),
  }),
  deleteIpFilter: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { services }) => services.ipFilters.delete(String(id)),
  }),
  updateIpFilterSettings: t.field({
    type: IpFilterSettingsType,
    args: { input: t.arg({ type: UpdateIpFilterSettingsInput, required: true }) },
    // Unset fields keep their values; authFailureLimit: null (given) turns banning off.
    resolve: (_root, { input }, { services }) => services.ipFilters.updateSettings({ ...withoutNulls(input, ['authFailureLimit']) }),
  }),
}));
