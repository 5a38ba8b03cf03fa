import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { MATERIAL_DEFAULTS } from '../../shared/material-defaults';

export const SEGUIMIENTO_ROUTES: Routes = [
  {
    path: '',
    providers: MATERIAL_DEFAULTS,
    children: [
      {
        path: '',
        title: 'Seguimiento',
        canActivate: [roleGuard],
        loadComponent: () => import('./seguimiento.page').then((m) => m.SeguimientoPage),
      },
    ],
  },
];
