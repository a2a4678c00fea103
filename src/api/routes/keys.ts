import type { FastifyPluginAsync } from 'fastify';
import { actorOf } from '../request-scope.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { apiKeySchema, changeOf, idParams, warehouseList } from './auth-schemas.ts';

interface CreateBody {
  readonly label: string;
  readonly role: string;
  readonly warehouses?: string[] | null;
  readonly source?: string | null;
}

const answer = { '4xx': problemSchema, '5xx': problemSchema } as const;

/** API keys (permission users:manage): create (the key is in that answer only), list (never a secret), revoke. */
export const keyRoutes: FastifyPluginAsync = async (app) => {
  const config = { permission: 'users:manage' } as const;

  app.get<{ Querystring: PageQuery }>(
    '/api/keys',
    {
      config,
      schema: { summary: 'API keys, oldest first: never their secret; with last use and revocation', querystring: { type: 'object', additionalProperties: false, properties: { ...pageQueryProperties } }, response: { 200: pageSchema(apiKeySchema), ...answer } },
    },
    async (req) => toPage(await app.auth.listKeys({ limit: req.query.limit + 1, offset: req.query.offset }), req.query),
  );

  app.post<{ Body: CreateBody }>(
    '/api/keys',
    {
      config,
      schema: {
        summary: 'Create an API key. `secret` is the key itself (smk_…): shown in this answer only, stored as a hash',
        body: {
          type: 'object',
          required: ['label', 'role'],
          additionalProperties: false,
          properties: { label: { type: 'string', minLength: 1, maxLength: 100 }, role: { type: 'string' }, warehouses: warehouseList, source: { type: ['string', 'null'], minLength: 1, maxLength: 200 } },
        },
        response: {
          201: { type: 'object', required: ['key', 'secret'], properties: { key: apiKeySchema, secret: { type: 'string', description: 'the API key; it is not shown again' } } },
          ...answer,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await app.auth.createKey(req.body, actorOf(req), changeOf(req))),
  );

  app.post<{ Params: { id: string } }>(
    '/api/keys/:id/revoke',
    { config, schema: { summary: 'Revoke an API key at once (it stays listed with revokedAt)', params: idParams, response: { 200: apiKeySchema, ...answer } } },
    async (req) => app.auth.revokeKey(req.params.id, actorOf(req), changeOf(req)),
  );
};
