import { HistorialEntrada } from '../../core/api/models';

/** One history entry as the timeline shows it. */
export interface EntradaVista {
  entrada: HistorialEntrada;
  /** Who made the change, in Spanish, or null when the entry has no author. */
  autor: string | null;
  /** True when the order's data changed but its state did not (an address edit, for example). */
  soloDatos: boolean;
}

/**
 * Describes who made a change. pedido-service records `admin:<user id>`, `cliente:<cliente id>`
 * or `sistema` (demo data), and those ids mean nothing to the reader.
 */
export function describeAutor(por: string | null, clienteIdPropio: string | null): string | null {
  if (!por) {
    return null;
  }
  if (por.startsWith('admin:')) {
    return 'por la administración';
  }
  if (por.startsWith('cliente:')) {
    return clienteIdPropio !== null && por === `cliente:${clienteIdPropio}` ? 'por ti' : 'por el cliente';
  }
  if (por === 'sistema') {
    return 'por el sistema';
  }
  return `por ${por}`;
}

/** Builds the timeline entries, oldest first, as the history endpoint returns them. */
export function buildTimeline(historial: readonly HistorialEntrada[], clienteIdPropio: string | null): EntradaVista[] {
  return historial.map((entrada, index) => ({
    entrada,
    autor: describeAutor(entrada.por, clienteIdPropio),
    soloDatos: index > 0 && historial[index - 1].estado === entrada.estado,
  }));
}
