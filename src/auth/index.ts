export { isPermission, PERMISSIONS, type Permission, type RoutePermission } from './permissions.ts';
export { actorName, ROLES, type Principal, type Role } from './principal.ts';
