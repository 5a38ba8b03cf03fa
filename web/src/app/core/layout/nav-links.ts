export interface NavLink {
  path: string;
  label: string;
  icon: string;
  /** Highlight only on this exact URL, not on its child pages. */
  exact: boolean;
}

export const CLIENTE_LINKS: readonly NavLink[] = [
  { path: '/pedidos', label: 'Mis pedidos', icon: 'local_shipping', exact: true },
  { path: '/pedidos/nuevo', label: 'Nuevo pedido', icon: 'add_shopping_cart', exact: true },
  { path: '/seguimiento', label: 'Seguimiento', icon: 'travel_explore', exact: false },
  { path: '/perfil', label: 'Mi perfil', icon: 'person', exact: false },
];

export const ADMIN_LINKS: readonly NavLink[] = [
  { path: '/admin/pedidos', label: 'Pedidos', icon: 'inventory_2', exact: true },
  { path: '/pedidos/nuevo', label: 'Nuevo pedido', icon: 'add_shopping_cart', exact: true },
  { path: '/admin/clientes', label: 'Clientes', icon: 'group', exact: false },
  { path: '/admin/sincronizacion', label: 'Sincronización', icon: 'sync_alt', exact: false },
  { path: '/seguimiento', label: 'Seguimiento', icon: 'travel_explore', exact: false },
];
