import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { ROL_ADMIN } from '../../core/auth/roles';

/** Customer management, mounted under /admin/clientes. */
export const CLIENTES_ROUTES: Routes = [
  {
    path: '',
    title: 'Clientes',
    canActivate: [roleGuard],
    data: { roles: [ROL_ADMIN] },
    loadComponent: () => import('./pages/clientes.page').then((m) => m.ClientesPage),
  },
];
