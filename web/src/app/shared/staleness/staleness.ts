import { Pedido, Tracking } from '../../core/api/models';

/** Result of the last tracking lookup for a list of orders. */
export type TrackingFuente = 'cargando' | 'disponible' | 'no-disponible';

/**
 * How the tracking read model (Redis) compares with the order in pedido-service (MySQL).
 * `actualizando`: tracking already has a newer version than the order on screen, which is
 * being fetched again.
 */
export type Staleness =
  | { kind: 'sincronizado' }
  | { kind: 'desactualizado'; versionesAtras: number; faltante: boolean; desde: string }
  | { kind: 'actualizando' }
  | { kind: 'comprobando' }
  | { kind: 'sin-datos' };

/** Returns the Tracking with the higher version, preferring the first on a tie. */
export function newerTracking(a: Tracking | undefined, b: Tracking | undefined): Tracking | undefined {
  if (!a) {
    return b;
  }
  if (!b) {
    return a;
  }
  return b.version > a.version ? b : a;
}

/**
 * Compares an order's version with its tracking entry. A missing entry counts as every version
 * behind; `desde` is the order's `actualizado_en`, the moment the tracking side fell behind.
 */
export function compareTracking(
  pedido: Pick<Pedido, 'version' | 'actualizado_en'>,
  tracking: Pick<Tracking, 'version'> | undefined,
  fuente: TrackingFuente,
): Staleness {
  if (tracking === undefined) {
    if (fuente === 'cargando') {
      return { kind: 'comprobando' };
    }
    if (fuente === 'no-disponible') {
      return { kind: 'sin-datos' };
    }
    return { kind: 'desactualizado', versionesAtras: pedido.version, faltante: true, desde: pedido.actualizado_en };
  }
  if (tracking.version === pedido.version) {
    return { kind: 'sincronizado' };
  }
  if (tracking.version > pedido.version) {
    return { kind: 'actualizando' };
  }
  return {
    kind: 'desactualizado',
    versionesAtras: pedido.version - tracking.version,
    faltante: false,
    desde: pedido.actualizado_en,
  };
}

/**
 * Whether a view should read this tracking entry again: it lags behind, is missing, or could not
 * be read. `actualizando` is left out because the newer order is already being fetched.
 */
export function needsRecheck(staleness: Staleness): boolean {
  return staleness.kind === 'desactualizado' || staleness.kind === 'sin-datos';
}

/** Text in place of the tracking entry's details when there is no entry to show. */
export function describeMissingEntry(staleness: Staleness): string {
  switch (staleness.kind) {
    case 'comprobando':
      return 'Comprobando…';
    case 'sin-datos':
      return 'Sin datos: el servicio de seguimiento no ha respondido';
    default:
      return 'Sin entrada de seguimiento';
  }
}

/** Spanish relative age such as "hace 3 min"; future times (clock skew) read as "ahora". */
export function formatAge(fromIso: string, nowMs: number): string {
  const fromMs = Date.parse(fromIso);
  if (Number.isNaN(fromMs)) {
    return '';
  }
  const seconds = Math.max(0, Math.floor((nowMs - fromMs) / 1000));
  if (seconds < 5) {
    return 'ahora';
  }
  if (seconds < 60) {
    return `hace ${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `hace ${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `hace ${hours} h`;
  }
  const days = Math.floor(hours / 24);
  return days === 1 ? 'hace 1 día' : `hace ${days} días`;
}

/** Builds the badge text for a staleness result. */
export function describeStaleness(staleness: Staleness, nowMs: number): string {
  switch (staleness.kind) {
    case 'sincronizado':
      return 'Sincronizado';
    case 'actualizando':
      return 'Actualizando…';
    case 'comprobando':
      return 'Comprobando…';
    case 'sin-datos':
      return 'Sin datos de seguimiento';
    case 'desactualizado': {
      const atras = staleness.faltante
        ? 'sin entrada de seguimiento'
        : staleness.versionesAtras === 1
          ? '1 versión atrás'
          : `${staleness.versionesAtras} versiones atrás`;
      const age = formatAge(staleness.desde, nowMs);
      return age ? `Desactualizado: ${atras}, ${age}` : `Desactualizado: ${atras}`;
    }
  }
}
