/**
 * POST /v1/realtime/client_secrets: mints a client secret (`ek_…`) a browser uses in place of its
 * virtual key to open one realtime session of one model (default 60 s; single use). OpenAI's request
 * (`expires_after.seconds`, `session` with its `model`) and answer (`value`, `expires_at`, `session`).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { GatewayError, modelNotFound } from '../../../domain/gateway-error.ts';
import { hashVirtualKey } from '../../../engine/keys/virtual-key-token.ts';
import { maxSecretSessionBytes, type RealtimeClientSecrets } from '../../../engine/realtime/realtime-client-secrets.ts';
import { defineEndpoint, type Endpoint } from '../../endpoint.ts';
import { readJsonBody } from '../../http/read-json-body.ts';
import { presentedKey } from '../../stages/authenticate.ts';
import { parseRequestBody } from './schemas/parse-request-body.ts';

const defaultSeconds = 60;

const schema = z.object({
  expires_after: z.object({ anchor: z.literal('created_at').optional(), seconds: z.number().int().min(10).max(7200).optional() }).optional(),
  session: z.object({ type: z.literal('realtime').optional(), model: z.string().min(1).max(256) }).passthrough(),
});

interface ClientSecretInput {
  seconds: number;
  session: Record<string, unknown> & { model: string };
  keyHash: string;
}

export function realtimeClientSecretsEndpoint(secrets: RealtimeClientSecrets): Endpoint<never> {
  return defineEndpoint<ClientSecretInput>({
    name: 'realtime/client_secrets',
    permission: 'REALTIME',
    parse: async (exchange, limits) => {
      const body = parseRequestBody(schema, await readJsonBody(exchange, limits.bodyLimitBytes));
      const presented = presentedKey(exchange.request.headers);
      // Authentication ran before parsing: a key was presented.
      if (!presented) throw new GatewayError({ status: 401, type: 'invalid_request_error', code: 'missing_api_key', message: 'A virtual key is required.' });
      return { seconds: body.expires_after?.seconds ?? defaultSeconds, session: body.session, keyHash: hashVirtualKey(presented) };
    },
    delivery: () => ({
      kind: 'local',
      answer: (input, key, snapshot) => {
        const model = input.session.model;
        if (!key.allowsModel(model) || snapshot.routesFor(model).length === 0) throw modelNotFound(model);
        if (!snapshot.routesFor(model).some((route) => route.capabilities.realtime)) {
          throw new GatewayError({ status: 400, type: 'invalid_request_error', code: 'unsupported_capability', param: 'session.model', message: `The model '${model}' does not support realtime sessions.` });
        }
        // The session starts with this configuration (what the provider is told; the model is the route's).
        const { model: _model, type: _type, ...config } = input.session;
        if (Buffer.byteLength(JSON.stringify(config)) > maxSecretSessionBytes) {
          throw new GatewayError({ status: 400, type: 'invalid_request_error', code: 'invalid_value', param: 'session', message: `The session configuration of a client secret may have at most ${maxSecretSessionBytes} bytes; send the rest with session.update once connected.` });
        }
        const minted = secrets.mint(input.keyHash, model, input.seconds, Object.keys(config).length > 0 ? config : undefined);
        const expiresAt = Math.floor(minted.expiresAt / 1000);
        return {
          value: minted.value,
          expires_at: expiresAt,
          session: { ...input.session, type: 'realtime', object: 'realtime.session', id: `sess_${randomBytes(12).toString('base64url')}`, model, expires_at: expiresAt },
        };
      },
    }),
  }) as Endpoint<never>;
}
