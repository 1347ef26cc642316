import { graphql } from '../graphql.ts';

export const UsageRowFields = graphql(`
  fragment UsageRowFields on UsageRow @_unmask {
    bucketStart model providerId virtualKeyId keyGroupId requests errors cacheHits promptTokens completionTokens cachedTokens cost latencyMsAvg latencyMsP95
  }
`);

/** The dashboard's spend today and its chart over one range. */
export const UsageOverview = graphql(`
  query UsageOverview($todayFrom: DateTime!, $from: DateTime!, $to: DateTime!, $bucket: UsageBucket) {
    today: usageTotals(from: $todayFrom, to: $to) { requests cost }
    usage(from: $from, to: $to, bucket: $bucket) { ...UsageRowFields }
  }
`, [UsageRowFields]);

export const UsageReport = graphql(`
  query UsageReport($from: DateTime!, $to: DateTime!, $groupBy: [UsageDimension!], $bucket: UsageBucket) {
    usageTotals(from: $from, to: $to) { ...UsageRowFields }
    byDay: usage(from: $from, to: $to, bucket: $bucket) { ...UsageRowFields }
    grouped: usage(from: $from, to: $to, groupBy: $groupBy) { ...UsageRowFields }
    providers { id name }
    virtualKeys { id name }
  }
`, [UsageRowFields]);

export const ExportUsage = graphql(`
  query ExportUsage($from: DateTime!, $to: DateTime!, $groupBy: [UsageDimension!], $bucket: UsageBucket, $format: UsageExportFormat!) {
    exportUsage(from: $from, to: $to, groupBy: $groupBy, bucket: $bucket, format: $format)
  }
`);
