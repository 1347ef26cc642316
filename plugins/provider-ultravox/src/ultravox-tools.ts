/**
 * OpenAI Realtime function tools (`session.tools`) as Ultravox client tools (`selectedTools`
 * entries with a `temporaryTool` whose implementation is `client: {}`): each top-level property
 * of the JSON Schema parameters becomes a body parameter.
 */
export interface RealtimeFunctionTool {
  type?: string;
  name?: string;
  description?: string;
  parameters?: { properties?: Record<string, unknown>; required?: string[] };
}

export function ultravoxClientTools(tools: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(tools)) return [];
  return (tools as RealtimeFunctionTool[])
    .filter((tool) => tool && (tool.type === undefined || tool.type === 'function') && typeof tool.name === 'string')
    .map((tool) => {
      const required = new Set(tool.parameters?.required ?? []);
      return {
        temporaryTool: {
          modelToolName: tool.name,
          description: tool.description ?? '',
          dynamicParameters: Object.entries(tool.parameters?.properties ?? {}).map(([name, schema]) => ({
            name,
            location: 'PARAMETER_LOCATION_BODY',
            schema,
            required: required.has(name),
          })),
          client: {},
        },
      };
    });
}
