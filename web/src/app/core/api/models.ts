/** Shapes of the JSON bodies exchanged with the API, with the field names it uses. */

export const ESTADOS = [
  'CREADO',
  'CONFIRMADO',
  'EN_PREPARACION',
  'ENVIADO',
  'EN_REPARTO',
  'ENTREGADO',
  'CANCELADO',
] as const;

export type Estado = (typeof ESTADOS)[number];

export type Rol = 'ROLE_CLIENTE' | 'ROLE_ADMIN';

export interface Usuario {
  sub: string;
  email: string;
  roles: Rol[];
  cliente_id: string | null;
}

export interface Pagina<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

export interface Pedido {
  numero: string;
  cliente_id: string;
  producto: string;
  cantidad: number;
  direccion_entrega: string;
  estado: Estado;
  version: number;
  creado_en: string;
  actualizado_en: string;
}

export interface NuevoPedido {
  producto: string;
  cantidad: number;
  direccion_entrega: string;
  /** Only administrators send it; a customer always orders for themself. */
  cliente_id?: string;
}

export interface CambiosPedido {
  direccion_entrega?: string;
  producto?: string;
  cantidad?: number;
  /** Version the change is based on. The API rejects the change with 409 when the order has moved on. */
  version?: number;
}

export interface HistorialEntrada {
  estado: Estado;
  en: string;
  por: string | null;
}

export interface Tracking {
  numero: string;
  cliente_id: string;
  estado: Estado;
  version: number;
  actualizado_en: string;
  sincronizado_en: string;
}

export interface TrackingLote {
  items: Tracking[];
  faltantes: string[];
}

export interface EstadoSincronizacion {
  pendientes: number;
  mas_antiguo_segundos: number | null;
  ultimo_error: string | null;
  enviados_total: number;
  reintentos_total: number;
}

export interface Cliente {
  id: string;
  nombre: string;
  email: string;
  telefono: string;
  direccion: string;
  activo: boolean;
  creado_en: string;
  actualizado_en: string;
}

export interface NuevoCliente {
  nombre: string;
  email: string;
  password: string;
  telefono: string;
  direccion: string;
}

export interface CambiosCliente {
  nombre: string;
  telefono: string;
  direccion: string;
  activo?: boolean;
}
