import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { ROL_CLIENTE } from '../../core/auth/roles';
import { MATERIAL_DEFAULTS } from '../../shared/material-defaults';

/** The signed-in customer's own profile, mounted under /perfil. */
export const PERFIL_ROUTES: Routes = [
  {
    path: '',
    providers: MATERIAL_DEFAULTS,
    children: [
      {
        path: '',
        title: 'Mi perfil',
        canActivate: [roleGuard],
        data: { roles: [ROL_CLIENTE] },
        loadComponent: () => import('./pages/perfil.page').then((m) => m.PerfilPage),
      },
    ],
  },
];
