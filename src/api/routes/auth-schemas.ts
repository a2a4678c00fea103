/** JSON Schemas shared by the sign-in, users and API key routes, and who makes a change. */
import type { FastifyRequest } from 'fastify';
import type { ChangeContext } from '../../auth/index.ts';
import { actorOf } from '../request-scope.ts';

/** The audit trail's view of a request making a change. */
export const changeOf = (req: FastifyRequest): ChangeContext => ({ actor: actorOf(req), via: 'api', requestId: String(req.id) });

export const warehouseList = { type: ['array', 'null'], items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 1000, description: 'warehouse ids; null = every warehouse' } as const;

/** The signed-in user as login and /api/auth/me show it. */
export const meUserSchema = {
  type: 'object',
  required: ['id', 'username', 'displayName', 'role', 'warehouses'],
  properties: {
    id: { type: 'string', description: '`usr_…` (or `key_…` when called with an API key)' },
    username: { type: 'string', description: 'user name (or the key label)' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    warehouses: { type: ['array', 'null'], items: { type: 'string' }, description: 'null = every warehouse' },
  },
} as const;

/** The answer of `POST /api/auth/login` and `GET /api/auth/me`. */
export const meSchema = {
  type: 'object',
  required: ['user', 'permissions', 'csrfToken'],
  properties: {
    user: meUserSchema,
    permissions: { type: 'array', items: { type: 'string' } },
    csrfToken: { type: ['string', 'null'], description: 'send as x-csrf-token on every POST/PUT/PATCH/DELETE made with the session cookie; null for API keys' },
  },
} as const;

export const userSchema = {
  type: 'object',
  required: ['id', 'username', 'displayName', 'role', 'warehouses', 'disabled', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    warehouses: { type: ['array', 'null'], items: { type: 'string' } },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const apiKeySchema = {
  type: 'object',
  required: ['id', 'label', 'role', 'warehouses', 'source', 'createdAt', 'createdBy', 'lastUsedAt', 'revokedAt'],
  properties: {
    id: { type: 'string' },
    label: { type: 'string' },
    role: { type: 'string' },
    warehouses: { type: ['array', 'null'], items: { type: 'string' } },
    source: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    createdBy: { type: 'string' },
    lastUsedAt: { type: ['string', 'null'], description: 'recorded at most once a minute' },
    revokedAt: { type: ['string', 'null'] },
  },
} as const;

export const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;
export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;
