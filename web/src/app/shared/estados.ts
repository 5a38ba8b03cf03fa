import { Estado } from '../core/api/models';

export const ETIQUETAS_ESTADO: Record<Estado, string> = {
  CREADO: 'Creado',
  CONFIRMADO: 'Confirmado',
  EN_PREPARACION: 'En preparación',
  ENVIADO: 'Enviado',
  EN_REPARTO: 'En reparto',
  ENTREGADO: 'Entregado',
  CANCELADO: 'Cancelado',
};

/** Transitions pedido-service accepts. It rejects any other with 409. */
const SIGUIENTES: Record<Estado, readonly Estado[]> = {
  CREADO: ['CONFIRMADO', 'CANCELADO'],
  CONFIRMADO: ['EN_PREPARACION', 'CANCELADO'],
  EN_PREPARACION: ['ENVIADO', 'CANCELADO'],
  ENVIADO: ['EN_REPARTO'],
  EN_REPARTO: ['ENTREGADO'],
  ENTREGADO: [],
  CANCELADO: [],
};

export function nextEstados(estado: Estado): readonly Estado[] {
  return SIGUIENTES[estado] ?? [];
}

/** Tells whether the delivery address (and product) may still change: only before preparation starts. */
export function canEdit(estado: Estado): boolean {
  return estado === 'CREADO' || estado === 'CONFIRMADO';
}

/** Tells whether the order can still be cancelled: only until it ships. */
export function canCancel(estado: Estado): boolean {
  return nextEstados(estado).includes('CANCELADO');
}

export function isActivo(estado: Estado): boolean {
  return estado !== 'ENTREGADO' && estado !== 'CANCELADO';
}
