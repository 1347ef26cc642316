/** A JSON Schema document (draft 2020-12 or earlier), kept opaque: plugins and the UI read it. */
export type JsonSchema = { [keyword: string]: unknown };
