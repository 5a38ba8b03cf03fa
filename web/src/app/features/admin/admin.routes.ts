import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { ROL_ADMIN } from '../../core/auth/roles';
import { MATERIAL_DEFAULTS } from '../../shared/material-defaults';

/** Administrator area; the parent route in app.routes.ts already requires ROLE_ADMIN. */
export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    providers: MATERIAL_DEFAULTS,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'pedidos' },
      {
        path: 'pedidos',
        title: 'Todos los pedidos',
        canActivate: [roleGuard],
        data: { roles: [ROL_ADMIN] },
        loadComponent: () => import('./pages/admin-pedidos.page').then((m) => m.AdminPedidosPage),
      },
      {
        path: 'clientes',
        canActivate: [roleGuard],
        data: { roles: [ROL_ADMIN] },
        loadChildren: () => import('../clientes/clientes.routes').then((m) => m.CLIENTES_ROUTES),
      },
      {
        path: 'sincronizacion',
        title: 'Sincronización',
        canActivate: [roleGuard],
        data: { roles: [ROL_ADMIN] },
        loadComponent: () => import('./pages/sincronizacion.page').then((m) => m.SincronizacionPage),
      },
    ],
  },
];
