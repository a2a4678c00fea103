import type { FastifyPluginAsync } from 'fastify';
import { StockmeshError } from '../../domain/index.ts';
import { type PageQuery, pageQueryProperties, pageSchema, toPage } from '../pagination.ts';
import { problemSchema } from '../problem-details.ts';
import { changeOf, idParams, userSchema, warehouseList } from './auth-schemas.ts';

interface CreateBody {
  readonly username: string;
  readonly displayName?: string;
  readonly role: string;
  readonly warehouses?: string[] | null;
  readonly password: string;
}

interface UpdateBody {
  readonly displayName?: string;
  readonly role?: string;
  readonly warehouses?: string[] | null;
  readonly disabled?: boolean;
}

const answer = { '4xx': problemSchema, '5xx': problemSchema } as const;

/** Users (permission users:manage): list, create, read, change role/warehouses/disabled, reset a password. */
export const userRoutes: FastifyPluginAsync = async (app) => {
  const config = { permission: 'users:manage' } as const;

  app.get<{ Querystring: PageQuery }>(
    '/api/users',
    {
      config,
      schema: { summary: 'Users, by user name', querystring: { type: 'object', additionalProperties: false, properties: { ...pageQueryProperties } }, response: { 200: pageSchema(userSchema), ...answer } },
    },
    async (req) => toPage(await app.auth.listUsers({ limit: req.query.limit + 1, offset: req.query.offset }), req.query),
  );

  app.post<{ Body: CreateBody }>(
    '/api/users',
    {
      config,
      schema: {
        summary: 'Create a user (password checked against the policy, hashed with argon2id)',
        body: {
          type: 'object',
          required: ['username', 'role', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 64 },
            displayName: { type: 'string', maxLength: 200 },
            role: { type: 'string' },
            warehouses: warehouseList,
            password: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
        response: { 201: userSchema, ...answer },
      },
    },
    async (req, reply) => reply.code(201).send(await app.auth.createUser(req.body, changeOf(req))),
  );

  app.get<{ Params: { id: string } }>(
    '/api/users/:id',
    { config, schema: { summary: 'One user (by id or user name)', params: idParams, response: { 200: userSchema, ...answer } } },
    async (req) => {
      const u = (await app.auth.getUser(req.params.id)) ?? (await app.auth.findUser(req.params.id));
      if (!u) throw new StockmeshError('NOT_FOUND', `user "${req.params.id}" not found`);
      return u;
    },
  );

  app.patch<{ Params: { id: string }; Body: UpdateBody }>(
    '/api/users/:id',
    {
      config,
      schema: {
        summary: "Change a user's display name, role, warehouses or disabled flag; disabling or changing reach ends their sessions",
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { displayName: { type: 'string', maxLength: 200 }, role: { type: 'string' }, warehouses: warehouseList, disabled: { type: 'boolean' } },
        },
        response: { 200: userSchema, ...answer },
      },
    },
    async (req) => {
      const self = req.principal?.kind === 'user' && (req.principal.id === req.params.id || req.principal.name === req.params.id);
      if (self && (req.body.disabled === true || (req.body.role !== undefined && req.body.role !== 'admin'))) {
        throw new StockmeshError('INVALID_ARGUMENT', 'you cannot disable yourself or take away your own admin role: ask another admin');
      }
      return app.auth.updateUser(req.params.id, req.body, changeOf(req));
    },
  );

  app.post<{ Params: { id: string }; Body: { password: string } }>(
    '/api/users/:id/password',
    {
      config,
      schema: {
        summary: "Reset a user's password; ends their sessions",
        params: idParams,
        body: { type: 'object', required: ['password'], additionalProperties: false, properties: { password: { type: 'string', minLength: 1, maxLength: 1024 } } },
        response: { 204: { type: 'null' }, ...answer },
      },
    },
    async (req, reply) => {
      await app.auth.setPassword(req.params.id, req.body.password, changeOf(req));
      return reply.code(204).send();
    },
  );
};
