import { builder } from '../builder.ts';
import { usageDimensions, type UsageQuery, type UsageRow } from '../../../services/usage-analytics-service.ts';

const UsageBucketEnum = builder.enumType('UsageBucket', {
  description: 'Rows per UTC hour or day. Omitted: one row per group over the whole range.',
  values: ['HOUR', 'DAY'] as const,
});

const UsageDimensionEnum = builder.enumType('UsageDimension', { values: usageDimensions });

const UsageExportFormatEnum = builder.enumType('UsageExportFormat', { values: ['CSV', 'JSON'] as const });

const UsageFilterInput = builder.inputType('UsageFilter', {
  description: 'Only usage matching every list given (a list matches any of its values).',
  fields: (t) => ({
    models: t.stringList(),
    providerIds: t.idList(),
    deploymentIds: t.idList(),
    virtualKeyIds: t.idList(),
    keyGroupIds: t.idList(),
    endpoints: t.stringList(),
    statusClasses: t.stringList({ description: '2xx, 4xx, 5xx…' }),
  }),
});

const UsageRowType = builder.objectRef<UsageRow>('UsageRow').implement({
  description: 'Usage summed from the hourly rollups. Dimensions not grouped by are null.',
  fields: (t) => ({
    bucketStart: t.field({ type: 'DateTime', nullable: true, resolve: (row) => row.bucketStart }),
    model: t.string({ nullable: true, resolve: (row) => row.model }),
    providerId: t.id({ nullable: true, resolve: (row) => row.providerId }),
    deploymentId: t.id({ nullable: true, resolve: (row) => row.deploymentId }),
    virtualKeyId: t.id({ nullable: true, resolve: (row) => row.virtualKeyId }),
    keyGroupId: t.id({ nullable: true, description: 'The key’s group when its usage was written.', resolve: (row) => row.keyGroupId }),
    endpoint: t.string({ nullable: true, resolve: (row) => row.endpoint }),
    statusClass: t.string({ nullable: true, resolve: (row) => row.statusClass }),
    requests: t.exposeFloat('requests', { description: 'A whole number (Float: sums can pass 2^31).' }),
    errors: t.exposeFloat('errors', { description: 'Responses with status 400 or more.' }),
    promptTokens: t.exposeFloat('promptTokens'),
    completionTokens: t.exposeFloat('completionTokens'),
    cachedTokens: t.exposeFloat('cachedTokens'),
    audioSeconds: t.exposeFloat('audioSeconds', { description: 'Seconds of audio in and out: transcribed, translated, spoken, and realtime sessions’ audio.' }),
    characters: t.exposeFloat('characters', { description: 'Characters spoken (speech). A whole number (Float: sums can pass 2^31).' }),
    cacheHits: t.exposeFloat('cacheHits', { description: 'Requests answered from the response cache (counted in requests too, at no cost). A whole number (Float: sums can pass 2^31).' }),
    cost: t.exposeFloat('cost', { description: 'USD.' }),
    latencyMsAvg: t.float({ nullable: true, resolve: (row) => row.latencyMsAvg }),
    latencyMsP95: t.float({ nullable: true, description: 'From fixed-bucket histograms, interpolated within the bucket.', resolve: (row) => row.latencyMsP95 }),
  }),
});

type FilterArg = Record<string, ReadonlyArray<string | number> | null | undefined> | null | undefined;
const filterOf = (filter: FilterArg): UsageQuery['filter'] =>
  filter ? Object.fromEntries(Object.entries(filter).map(([name, values]) => [name, values?.map(String) ?? null])) : null;

builder.queryFields((t) => ({
  usage: t.field({
    type: [UsageRowType],
    description: 'Usage from the hourly rollups between from and to (from counts from the start of its hour).',
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      bucket: t.arg({ type: UsageBucketEnum }),
      groupBy: t.arg({ type: [UsageDimensionEnum] }),
      filter: t.arg({ type: UsageFilterInput }),
    },
    resolve: (_root, args, { services }) =>
      services.usage.usage({ from: args.from, to: args.to, bucket: args.bucket, groupBy: args.groupBy, filter: filterOf(args.filter) }),
  }),
  usageTotals: t.field({
    type: UsageRowType,
    description: 'The sums over the whole range (all zero without usage).',
    args: { from: t.arg({ type: 'DateTime', required: true }), to: t.arg({ type: 'DateTime', required: true }), filter: t.arg({ type: UsageFilterInput }) },
    resolve: (_root, args, { services }) => services.usage.totals({ from: args.from, to: args.to, filter: filterOf(args.filter) }),
  }),
  exportUsage: t.string({
    description: 'What usage answers, as CSV (a header line, then one line per row) or a JSON array.',
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      bucket: t.arg({ type: UsageBucketEnum }),
      groupBy: t.arg({ type: [UsageDimensionEnum] }),
      filter: t.arg({ type: UsageFilterInput }),
      format: t.arg({ type: UsageExportFormatEnum, required: true }),
    },
    resolve: (_root, args, { services }) =>
      services.usage.export({ from: args.from, to: args.to, bucket: args.bucket, groupBy: args.groupBy, filter: filterOf(args.filter) }, args.format),
  }),
  requestLogRetentionDays: t.int({
    description: 'Raw request logs older than this many days are purged (rollups are kept). Default 30.',
    resolve: (_root, _args, { services }) => services.retention.days(),
  }),
}));

builder.mutationFields((t) => ({
  setRequestLogRetentionDays: t.int({
    description: 'How many days raw request logs are kept (1 to 3650); returns the new value.',
    args: { days: t.arg.int({ required: true }) },
    resolve: (_root, { days }, { services }) => services.retention.setDays(days),
  }),
  purgeRequestLogs: t.int({
    description: 'Runs the retention purge now (it also runs hourly); returns how many raw rows were deleted.',
    resolve: (_root, _args, { services }) => services.retention.purgeNow(),
  }),
}));
