import { Rol } from '../api/models';

export const ROL_CLIENTE: Rol = 'ROLE_CLIENTE';
export const ROL_ADMIN: Rol = 'ROLE_ADMIN';

/** Start page for a user with these roles. */
export function homeUrlFor(roles: readonly Rol[]): string {
  if (roles.includes(ROL_ADMIN)) {
    return '/admin/pedidos';
  }
  if (roles.includes(ROL_CLIENTE)) {
    return '/pedidos';
  }
  // The tracking lookup is open to any signed-in user, so this cannot redirect in a loop.
  return '/seguimiento';
}
