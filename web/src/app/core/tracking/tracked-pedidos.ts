import { DestroyRef, computed, effect, inject, signal, untracked } from '@angular/core';
import { Subscription, timer } from 'rxjs';

import { Pedido, Tracking, TrackingLote } from '../api/models';
import { PedidosApi } from '../api/pedidos-api';
import { TrackingApi } from '../api/tracking-api';
import { LiveStatusService } from '../live/live-status.service';
import { Staleness, TrackingFuente, compareTracking, newerTracking } from '../../shared/staleness/staleness';

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

/** Delay before re-reading tracking after a local change, when no live stream reports it. */
const RECHECK_DELAY_MS = 2_000;

/**
 * Orders shown by one view together with their tracking entries. Setting the orders fetches
 * their tracking in one batch call. Live events are merged in, and an event newer than the
 * order on screen fetches that order again. Create it in an injection context.
 */
export class TrackedPedidos {
  private readonly pedidosApi = inject(PedidosApi);
  private readonly trackingApi = inject(TrackingApi);
  private readonly live = inject(LiveStatusService);

  private readonly state = signal<TrackedState>({ pedidos: [], tracking: new Map(), fuente: 'cargando' });
  /** Version already requested per order, so one live event triggers one re-fetch. */
  private readonly refetchedVersions = new Map<string, number>();
  private trackingSubscription: Subscription | null = null;
  private readonly subscriptions = new Subscription();

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
    this.trackingSubscription?.unsubscribe();
    this.trackingSubscription = this.trackingApi.getMany(pedidos.map((p) => p.numero)).subscribe({
      next: (lote) => this.applyLote(lote, true),
      error: () => this.state.update((s) => ({ ...s, tracking: known, fuente: 'no-disponible' })),
    });
  }

  /** Replaces one order after a local change and checks its tracking entry again shortly after. */
  replace(pedido: Pedido): void {
    this.state.update((s) => ({
      ...s,
      pedidos: s.pedidos.map((p) => (p.numero === pedido.numero ? pedido : p)),
    }));
    if (this.live.status() !== 'en-vivo') {
      this.recheckTracking(pedido.numero);
    }
  }

  private recheckTracking(numero: string): void {
    const recheck = timer(RECHECK_DELAY_MS).subscribe(() => {
      const request = this.trackingApi.getMany([numero]).subscribe({
        next: (lote) => this.applyLote(lote, false),
        error: () => this.markUnavailable(),
      });
      this.subscriptions.add(request);
    });
    this.subscriptions.add(recheck);
  }

  /** Reads the tracking of every order on screen again, and fetches the orders it shows newer. */
  private reloadTracking(): void {
    const pedidos = this.state().pedidos;
    if (pedidos.length === 0) {
      return;
    }
    this.trackingSubscription?.unsubscribe();
    this.trackingSubscription = this.trackingApi.getMany(pedidos.map((p) => p.numero)).subscribe({
      next: (lote) => {
        this.applyLote(lote, true);
        this.refetchOutdated(new Map(lote.items.map((item) => [item.numero, item])));
      },
      error: () => this.markUnavailable(),
    });
  }

  /** Marks tracking as unreachable but keeps the entries already known for the badges. */
  private markUnavailable(): void {
    this.state.update((s) => ({ ...s, fuente: 'no-disponible' }));
  }

  private applyLote(lote: TrackingLote, replaceAll: boolean): void {
    this.state.update((s) => {
      const tracking = new Map(replaceAll ? [] : s.tracking);
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
