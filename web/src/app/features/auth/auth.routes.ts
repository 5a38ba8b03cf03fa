import { Routes } from '@angular/router';

import { guestGuard } from '../../core/auth/auth.guard';
import { MATERIAL_DEFAULTS } from '../../shared/material-defaults';

export const AUTH_ROUTES: Routes = [
  {
    path: '',
    providers: MATERIAL_DEFAULTS,
    children: [
      {
        path: 'login',
        title: 'Iniciar sesión',
        canActivate: [guestGuard],
        loadComponent: () => import('./pages/login.page').then((m) => m.LoginPage),
      },
      {
        path: 'registro',
        title: 'Crear cuenta',
        canActivate: [guestGuard],
        loadComponent: () => import('./pages/registro.page').then((m) => m.RegistroPage),
      },
    ],
  },
];
