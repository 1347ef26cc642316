/**
 * Turns a plugin's JSON Schema (credentialsSchema, optionsSchema) into form fields, and the form's
 * text back into the JSON value the API takes. Only the flat shapes plugins declare are drawn as
 * inputs; anything nested is edited as JSON.
 */
export type SchemaFieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

export interface SchemaField {
  name: string;
  label: string;
  kind: SchemaFieldKind;
  required: boolean;
  /** Write-only: never shown back, only replaced. */
  secret: boolean;
  options?: string[];
  defaultValue?: unknown;
  description?: string;
}

type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  writeOnly?: boolean;
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function schemaFields(schema: unknown, options: { secret?: boolean } = {}): SchemaField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const root = schema as JsonSchema;
  const required = new Set(Array.isArray(root.required) ? root.required : []);
  return Object.entries(root.properties ?? {}).map(([name, property]) => {
    const type = Array.isArray(property.type) ? property.type.find((entry) => entry !== 'null') : property.type;
    const kind: SchemaFieldKind = Array.isArray(property.enum)
      ? 'enum'
      : type === 'string' || type === 'number' || type === 'integer' || type === 'boolean'
        ? type
        : 'json';
    return {
      name,
      label: property.title ?? name,
      kind,
      required: required.has(name),
      secret: Boolean(options.secret || property.writeOnly),
      ...(Array.isArray(property.enum) ? { options: property.enum.map(String) } : {}),
      ...(property.default !== undefined ? { defaultValue: property.default } : {}),
      ...(property.description ? { description: property.description } : {}),
    };
  });
}

export type FormValues = Record<string, string | boolean | undefined>;

/** The form's starting values: stored values for plain fields, nothing for secrets. */
export function initialValues(fields: readonly SchemaField[], stored: unknown): FormValues {
  const current = isObject(stored) ? stored : {};
  const values: FormValues = {};
  for (const field of fields) {
    const value = field.secret ? undefined : current[field.name];
    if (field.kind === 'boolean') values[field.name] = typeof value === 'boolean' ? value : field.defaultValue === true;
    else if (value === undefined) values[field.name] = '';
    else values[field.name] = field.kind === 'json' ? JSON.stringify(value, null, 2) : String(value);
  }
  return values;
}

export class SchemaValueError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The JSON object to send. Empty fields are left out (a secret left empty keeps its stored value).
 * Numbers and JSON that do not parse throw a SchemaValueError naming the field.
 */
export function collectValues(fields: readonly SchemaField[], values: FormValues): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (field.kind === 'boolean') {
      if (typeof raw === 'boolean' && (raw || field.defaultValue !== undefined)) result[field.name] = raw;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    if (field.kind === 'number' || field.kind === 'integer') {
      const number = Number(text);
      if (!Number.isFinite(number) || (field.kind === 'integer' && !Number.isInteger(number))) {
        throw new SchemaValueError(field.name, `${field.label}: '${text}' is not ${field.kind === 'integer' ? 'a whole number' : 'a number'}`);
      }
      result[field.name] = number;
    } else if (field.kind === 'json') {
      try {
        result[field.name] = JSON.parse(text);
      } catch {
        throw new SchemaValueError(field.name, `${field.label}: not valid JSON`);
      }
    } else {
      result[field.name] = text;
    }
  }
  return result;
}

/**
 * A provider's secret fields: its credentialsSchema's, with the API key every provider input takes
 * (CreateProviderInput.apiKey) first unless the schema declares it itself.
 */
export function providerSecretFields(credentialsSchema: unknown): SchemaField[] {
  const fields = schemaFields(credentialsSchema, { secret: true });
  if (fields.some((field) => field.name === 'apiKey')) return fields;
  return [{ name: 'apiKey', label: 'API key', kind: 'string', required: false, secret: true }, ...fields];
}
