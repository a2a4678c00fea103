export { isPermission, PERMISSIONS, type Permission, type RoutePermission } from './permissions.ts';
export { actorName, ROLES, type Principal, type Role } from './principal.ts';
export { permissionsOf, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, roleAllows, SCOPED_ROLES } from './roles.ts';
export { type AccountScope, isRole, scopeProblems, type ScopeLookup, submitRefusal } from './account-rules.ts';
export { isValidUsername, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblems } from './password-policy.ts';
export { ensureFirstAdmin, FIRST_ADMIN, firstAdminLines } from './first-admin.ts';
export { secureCookiesFromEnv } from './cookie-setting.ts';
export { DEFAULT_LOGIN_LIMITS, type LoginLimits, LoginLimiter } from './login-limiter.ts';
export { formatApiKey, parseApiKey, randomSecret, sha256 } from './tokens.ts';
export {
  type ApiKey,
  AuthService,
  type AuthServiceOptions,
  type ChangeContext,
  DEFAULT_SESSION_TTL_MS,
  keyPrincipal,
  type NewApiKey,
  type NewUser,
  type SessionInfo,
  type User,
  type UserChange,
  userPrincipal,
} from './auth-service.ts';
