import { Routes } from '@angular/router';

import { roleGuard } from '../../core/auth/role.guard';
import { ROL_ADMIN, ROL_CLIENTE } from '../../core/auth/roles';
import { MATERIAL_DEFAULTS } from '../../shared/material-defaults';

export const PEDIDOS_ROUTES: Routes = [
  {
    path: '',
    providers: MATERIAL_DEFAULTS,
    children: [
      {
        path: '',
        title: 'Mis pedidos',
        canActivate: [roleGuard],
        data: { roles: [ROL_CLIENTE] },
        loadComponent: () => import('./pages/mis-pedidos.page').then((m) => m.MisPedidosPage),
      },
      {
        path: 'nuevo',
        title: 'Nuevo pedido',
        canActivate: [roleGuard],
        data: { roles: [ROL_CLIENTE, ROL_ADMIN] },
        loadComponent: () => import('./pages/nuevo-pedido.page').then((m) => m.NuevoPedidoPage),
      },
      {
        path: ':numero',
        title: 'Detalle del pedido',
        canActivate: [roleGuard],
        data: { roles: [ROL_CLIENTE, ROL_ADMIN] },
        loadComponent: () => import('./pages/pedido-detalle.page').then((m) => m.PedidoDetallePage),
      },
    ],
  },
];
