import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { signIn } from '../../../testing/sign-in';
import { Rol } from '../api/models';
import { NotificationService } from '../errors/notification.service';
import { authGuard, guestGuard } from './auth.guard';
import { AuthStore } from './auth.store';
import { roleGuard } from './role.guard';

@Component({ template: 'page' })
class StubPage {}

const ADMIN_ONLY: Rol[] = ['ROLE_ADMIN'];

function routeWithRoles(roles?: Rol[]): ActivatedRouteSnapshot {
  return { data: roles ? { roles } : {} } as unknown as ActivatedRouteSnapshot;
}

function stateAt(url: string): RouterStateSnapshot {
  return { url } as RouterStateSnapshot;
}

describe('route guards', () => {
  let httpMock: HttpTestingController;
  let auth: AuthStore;
  let router: Router;
  let notifications: { info: ReturnType<typeof vi.fn>; error: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    notifications = { info: vi.fn(), error: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', canActivate: [guestGuard], component: StubPage },
          {
            path: 'pedidos',
            canActivate: [authGuard, roleGuard],
            data: { roles: ['ROLE_CLIENTE'] },
            component: StubPage,
          },
          {
            path: 'admin/pedidos',
            canActivate: [authGuard, roleGuard],
            data: { roles: ADMIN_ONLY },
            component: StubPage,
          },
        ]),
        { provide: NotificationService, useValue: notifications },
      ],
    });
    httpMock = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);
  });

  afterEach(() => httpMock.verify());

  function run(guard: typeof authGuard, roles: Rol[] | undefined, url: string) {
    return TestBed.runInInjectionContext(() => guard(routeWithRoles(roles), stateAt(url)));
  }

  describe('authGuard', () => {
    it('sends a signed-out user to login with returnUrl', () => {
      const result = run(authGuard, undefined, '/pedidos/PED-1');

      expect(result).toBeInstanceOf(UrlTree);
      expect(router.serializeUrl(result as UrlTree)).toBe('/login?returnUrl=%2Fpedidos%2FPED-1');
    });

    it('lets a signed-in user through', () => {
      signIn(auth, httpMock, ['ROLE_CLIENTE']);

      expect(run(authGuard, undefined, '/pedidos')).toBe(true);
    });
  });

  describe('guestGuard', () => {
    it('sends a signed-in customer to their orders', () => {
      signIn(auth, httpMock, ['ROLE_CLIENTE']);

      const result = run(guestGuard, undefined, '/login');

      expect(router.serializeUrl(result as UrlTree)).toBe('/pedidos');
    });

    it('lets a signed-out user see the login page', () => {
      expect(run(guestGuard, undefined, '/login')).toBe(true);
    });
  });

  describe('roleGuard', () => {
    it('redirects a customer away from admin pages with a notice', () => {
      signIn(auth, httpMock, ['ROLE_CLIENTE']);

      const result = run(roleGuard, ADMIN_ONLY, '/admin/clientes');

      expect(router.serializeUrl(result as UrlTree)).toBe('/pedidos');
      expect(notifications.info).toHaveBeenCalledTimes(1);
    });

    it('lets an administrator into admin pages', () => {
      signIn(auth, httpMock, ['ROLE_ADMIN']);

      expect(run(roleGuard, ADMIN_ONLY, '/admin/clientes')).toBe(true);
      expect(notifications.info).not.toHaveBeenCalled();
    });

    it('lets any signed-in user through when no roles are listed', () => {
      signIn(auth, httpMock, ['ROLE_CLIENTE']);

      expect(run(roleGuard, undefined, '/seguimiento')).toBe(true);
    });

    it('sends a signed-out user to login without a notice', () => {
      const result = run(roleGuard, ADMIN_ONLY, '/admin/clientes');

      expect(router.serializeUrl(result as UrlTree)).toBe('/login?returnUrl=%2Fadmin%2Fclientes');
      expect(notifications.info).not.toHaveBeenCalled();
    });

    it('sends an administrator home from a customer-only page', () => {
      signIn(auth, httpMock, ['ROLE_ADMIN']);

      const result = run(roleGuard, ['ROLE_CLIENTE'], '/pedidos');

      expect(router.serializeUrl(result as UrlTree)).toBe('/admin/pedidos');
    });
  });

  describe('with the router', () => {
    it('lands a customer typing an admin URL on their home', async () => {
      signIn(auth, httpMock, ['ROLE_CLIENTE']);
      const harness = await RouterTestingHarness.create();

      await harness.navigateByUrl('/admin/pedidos');

      expect(router.url).toBe('/pedidos');
      expect(notifications.info).toHaveBeenCalledTimes(1);
    });

    it('lands a signed-out visitor on login', async () => {
      const harness = await RouterTestingHarness.create();

      await harness.navigateByUrl('/admin/pedidos');

      expect(router.url).toBe('/login?returnUrl=%2Fadmin%2Fpedidos');
    });
  });
});
