/**
 * Converse URLs. The model id (a model id with `:` version, an inference profile id or an ARN with
 * `:` and `/`) is one path label, encoded as the AWS SDKs encode labels: encodeURIComponent plus
 * `!'()*`. SigV4 then encodes the path once more in its canonical request.
 */
export function encodeModelId(modelId: string): string {
  return encodeURIComponent(modelId).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function converseUrl(baseUrl: string, modelId: string, stream: boolean): string {
  return `${baseUrl}/model/${encodeModelId(modelId)}/${stream ? 'converse-stream' : 'converse'}`;
}
