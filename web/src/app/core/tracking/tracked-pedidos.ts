import { DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { Subscription, timeout } from 'rxjs';

import { Pedido, Tracking, TrackingLote } from '../api/models';
import { PedidosApi } from '../api/pedidos-api';
import { TrackingApi } from '../api/tracking-api';
import { LiveStatusService } from '../live/live-status.service';
import {
  Staleness,
  TrackingFuente,
  compareTracking,
  needsRecheck,
  newerTracking,
} from '../../shared/staleness/staleness';
import { TRACKING_READ_TIMEOUT_MS, TrackingRecheck } from './tracking-recheck';

/** One order on screen with its tracking entry and how far that entry lags behind. */
export interface PedidoFila {
  pedido: Pedido;
  tracking: Tracking | undefined;
  staleness: Staleness;
}

interface TrackedState {
  pedidos: Pedido[];
  tracking: ReadonlyMap<string, Tracking>;
  fuente: TrackingFuente;
}

function sameNumeros(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((numero, index) => numero === b[index]);
}

/**
 * Orders shown by one view together with their tracking entries. Setting the orders fetches
 * their tracking in one batch call. Live events are merged in, and an event newer than the
 * order on screen fetches that order again. While an order's entry lags behind or is unknown,
 * the entries of those orders are read again with backoff until they catch up. Create it in an
 * injection context.
 */
export class TrackedPedidos {
  private readonly pedidosApi = inject(PedidosApi);
  private readonly trackingApi = inject(TrackingApi);
  private readonly live = inject(LiveStatusService);

  private readonly state = signal<TrackedState>({ pedidos: [], tracking: new Map(), fuente: 'cargando' });
  /** Version already requested per order, so one live event triggers one re-fetch. */
  private readonly refetchedVersions = new Map<string, number>();
  /** The one tracking read in flight, if any: a new read replaces it. */
  private trackingSubscription: Subscription | null = null;
  private readonly subscriptions = new Subscription();
  private readonly recheck = new TrackingRecheck(() => this.recheckTracking());

  readonly pedidos = computed(() => this.state().pedidos);
  readonly trackingNoDisponible = computed(() => this.state().fuente === 'no-disponible');
  readonly filas = computed<PedidoFila[]>(() => {
    const { pedidos, tracking, fuente } = this.state();
    const live = this.live.latest();
    return pedidos.map((pedido) => {
      const merged = newerTracking(tracking.get(pedido.numero), live.get(pedido.numero));
      return { pedido, tracking: merged, staleness: compareTracking(pedido, merged, fuente) };
    });
  });
  /** Numbers of the orders whose tracking entry lags behind or is unknown. */
  private readonly pendientes = computed(
    () => this.filas().flatMap((fila) => (needsRecheck(fila.staleness) ? [fila.pedido.numero] : [])),
    { equal: sameNumeros },
  );

  /** Called with each order fetched again because a live event announced a newer version. */
  onRefetched: ((pedido: Pedido) => void) | null = null;

  constructor() {
    effect(() => {
      const live = this.live.latest();
      untracked(() => this.refetchOutdated(live));
    });
    // The server replays missed events only after the last event id the app received, and
    // only while its capped event log still contains them, so a reconnect reads tracking again.
    let previousStatus = untracked(() => this.live.status());
    effect(() => {
      const status = this.live.status();
      if (previousStatus === 'reconectando' && status === 'en-vivo') {
        untracked(() => this.reloadTracking());
      }
      previousStatus = status;
    });
    // Live events and re-fetched orders also change which orders lag behind.
    effect(() => {
      this.pendientes();
      untracked(() => this.updateRecheck());
    });
    inject(DestroyRef).onDestroy(() => {
      this.trackingSubscription?.unsubscribe();
      this.subscriptions.unsubscribe();
    });
  }

  /** Shows these orders and fetches their tracking entries. */
  set(pedidos: Pedido[]): void {
    this.refetchedVersions.clear();
    // Entries already known for these orders, compared against when tracking cannot be read,
    // so an order that changed in the meantime shows as outdated rather than without data.
    const known = new Map<string, Tracking>();
    for (const pedido of pedidos) {
      const entry = this.state().tracking.get(pedido.numero);
      if (entry) {
        known.set(pedido.numero, entry);
      }
    }
    this.state.set({ pedidos, tracking: new Map(), fuente: pedidos.length ? 'cargando' : 'disponible' });
    this.recheck.stop();
    this.readTracking(
      pedidos.map((p) => p.numero),
      (lote) => this.applyLote(lote, true),
      () => this.state.update((s) => ({ ...s, tracking: known, fuente: 'no-disponible' })),
    );
  }

  /** Replaces one order after a local change. Its entry now lags behind, so it is read again soon. */
  replace(pedido: Pedido): void {
    this.state.update((s) => ({
      ...s,
      pedidos: s.pedidos.map((p) => (p.numero === pedido.numero ? pedido : p)),
    }));
    // A new change waits for tracking afresh, so the backoff starts again at its first delay.
    this.recheck.stop();
    this.updateRecheck();
  }

  /** Reads the tracking of every order on screen again, and fetches the orders it shows newer. */
  private reloadTracking(): void {
    const numeros = this.state().pedidos.map((p) => p.numero);
    if (numeros.length === 0) {
      return;
    }
    this.readTracking(
      numeros,
      (lote) => {
        this.applyLote(lote, true);
        this.refetchOutdated(new Map(lote.items.map((item) => [item.numero, item])));
      },
      () => this.markUnavailable(),
    );
  }

  /** Reads the entries of the orders that lag behind, and fetches the orders they show newer. */
  private recheckTracking(): void {
    const numeros = this.pendientes();
    if (numeros.length === 0 || this.isReading()) {
      return;
    }
    this.readTracking(
      numeros,
      (lote) => {
        this.applyLote(lote, false);
        this.refetchOutdated(new Map(lote.items.map((item) => [item.numero, item])));
      },
      () => this.markUnavailable(),
    );
  }

  /** Schedules the next re-read while some order lags behind, and stops once none does. */
  private updateRecheck(): void {
    if (this.pendientes().length === 0) {
      this.recheck.stop();
    } else if (!this.isReading()) {
      this.recheck.schedule();
    }
  }

  private isReading(): boolean {
    return this.trackingSubscription !== null && !this.trackingSubscription.closed;
  }

  /**
   * Reads the entries of `numeros` in one call, replacing any read in flight. A read that does not
   * complete within {@link TRACKING_READ_TIMEOUT_MS} fails, so a stalled service cannot leave the
   * view waiting. Either way the re-read schedule is updated afterwards.
   */
  private readTracking(numeros: string[], onLote: (lote: TrackingLote) => void, onError: () => void): void {
    this.trackingSubscription?.unsubscribe();
    const done = () => {
      this.trackingSubscription = null;
      this.updateRecheck();
    };
    const request = this.trackingApi.getMany(numeros).pipe(timeout(TRACKING_READ_TIMEOUT_MS));
    this.trackingSubscription = request.subscribe({
      next: onLote,
      error: () => {
        onError();
        done();
      },
      complete: done,
    });
  }

  /** Marks tracking as unreachable but keeps the entries already known for the badges. */
  private markUnavailable(): void {
    this.state.update((s) => ({ ...s, fuente: 'no-disponible' }));
  }

  /** Stores the entries read. Without `replaceAll`, entries of orders not read are kept. */
  private applyLote(lote: TrackingLote, replaceAll: boolean): void {
    this.state.update((s) => {
      const tracking = new Map(replaceAll ? [] : s.tracking);
      for (const numero of lote.faltantes) {
        tracking.delete(numero);
      }
      for (const item of lote.items) {
        tracking.set(item.numero, item);
      }
      return { ...s, tracking, fuente: 'disponible' };
    });
  }

  /** Fetches again each order on screen whose entry in `newer` has a higher version. */
  private refetchOutdated(newer: ReadonlyMap<string, Tracking>): void {
    for (const pedido of this.state().pedidos) {
      const event = newer.get(pedido.numero);
      if (!event || event.version <= pedido.version || this.refetchedVersions.get(pedido.numero) === event.version) {
        continue;
      }
      this.refetchedVersions.set(pedido.numero, event.version);
      const request = this.pedidosApi.get(pedido.numero).subscribe({
        next: (fresh) => {
          this.state.update((s) => ({ ...s, pedidos: s.pedidos.map((p) => (p.numero === fresh.numero ? fresh : p)) }));
          this.onRefetched?.(fresh);
        },
        // The order stays as shown, and its badge keeps showing that it is being updated.
        error: () => undefined,
      });
      this.subscriptions.add(request);
    }
  }
}
