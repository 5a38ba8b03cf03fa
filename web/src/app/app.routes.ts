import { inject } from '@angular/core';
import { Routes } from '@angular/router';

import { authGuard } from './core/auth/auth.guard';
import { AuthStore } from './core/auth/auth.store';
import { roleGuard } from './core/auth/role.guard';
import { ROL_ADMIN, ROL_CLIENTE } from './core/auth/roles';
import { NotFoundPage } from './core/layout/not-found.page';

export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    redirectTo: () => {
      const auth = inject(AuthStore);
      return auth.isLoggedIn() ? auth.homeUrl() : '/login';
    },
  },
  {
    path: 'pedidos',
    canActivate: [authGuard, roleGuard],
    data: { roles: [ROL_CLIENTE, ROL_ADMIN] },
    loadChildren: () => import('./features/pedidos/pedidos.routes').then((m) => m.PEDIDOS_ROUTES),
  },
  {
    path: 'seguimiento',
    // Open to every signed-in user: it is the home page of accounts without a known role.
    canActivate: [authGuard, roleGuard],
    loadChildren: () => import('./features/seguimiento/seguimiento.routes').then((m) => m.SEGUIMIENTO_ROUTES),
  },
  {
    path: 'perfil',
    canActivate: [authGuard, roleGuard],
    data: { roles: [ROL_CLIENTE] },
    loadChildren: () => import('./features/clientes/perfil.routes').then((m) => m.PERFIL_ROUTES),
  },
  {
    path: 'admin',
    canActivate: [authGuard, roleGuard],
    data: { roles: [ROL_ADMIN] },
    loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
  },
  {
    path: '',
    loadChildren: () => import('./features/auth/auth.routes').then((m) => m.AUTH_ROUTES),
  },
  { path: '**', title: 'Página no encontrada', component: NotFoundPage },
];
