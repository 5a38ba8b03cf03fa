import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';

import { Rol } from '../api/models';
import { NotificationService } from '../errors/notification.service';
import { AuthStore } from './auth.store';

/**
 * Lets a user through when they have one of the roles in the route's `data.roles` (no list
 * means any signed-in user), else redirects to their home page with a notice.
 */
export const roleGuard: CanActivateFn = (route, state) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  if (!auth.isLoggedIn()) {
    return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
  }
  const allowed = (route.data['roles'] as Rol[] | undefined) ?? [];
  if (allowed.length === 0 || auth.roles().some((rol) => allowed.includes(rol))) {
    return true;
  }
  inject(NotificationService).info('No tienes permiso para abrir esa página. Te hemos llevado a tu inicio.');
  return router.parseUrl(auth.homeUrl());
};
