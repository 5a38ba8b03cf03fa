import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Subscription, timeout } from 'rxjs';

import { Pedido, Tracking } from '../../core/api/models';
import { PedidosApi } from '../../core/api/pedidos-api';
import { TrackingApi } from '../../core/api/tracking-api';
import { ApiError, toApiError } from '../../core/errors/api-error';
import { LiveStatusService } from '../../core/live/live-status.service';
import { TRACKING_READ_TIMEOUT_MS, TrackingRecheck } from '../../core/tracking/tracking-recheck';
import {
  Staleness,
  TrackingFuente,
  compareTracking,
  needsRecheck,
  newerTracking,
} from '../../shared/staleness/staleness';

type Consulta<T> =
  | { estado: 'cargando' }
  | { estado: 'ok'; valor: T }
  | { estado: 'no-encontrado' }
  | { estado: 'error'; error: ApiError };

interface SeguimientoState {
  numero: string | null;
  tracking: Consulta<Tracking>;
  pedido: Consulta<Pedido>;
}

function isNotFound(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 404;
}

/**
 * Quick lookup of one order by number. The result is the tracking entry (Redis). The order from
 * pedido-service is read alongside it to tell whether that entry is up to date, and while it is
 * not, the entry is read again with backoff.
 */
@Injectable()
export class SeguimientoService {
  private readonly trackingApi = inject(TrackingApi);
  private readonly pedidosApi = inject(PedidosApi);
  private readonly live = inject(LiveStatusService);
  private readonly subscriptions = new Subscription();
  private refetchedVersion: number | null = null;
  private trackingRequest: Subscription | null = null;
  private readonly recheck = new TrackingRecheck(() => this.readTracking());

  private readonly state = signal<SeguimientoState>({
    numero: null,
    tracking: { estado: 'cargando' },
    pedido: { estado: 'cargando' },
  });

  readonly numero = computed(() => this.state().numero);
  readonly cargando = computed(
    () =>
      this.state().numero !== null &&
      (this.state().tracking.estado === 'cargando' || this.state().pedido.estado === 'cargando'),
  );
  readonly pedido = computed(() => {
    const consulta = this.state().pedido;
    return consulta.estado === 'ok' ? consulta.valor : null;
  });
  /** Fetched entry merged with the newest live event for the same number. */
  readonly tracking = computed(() => {
    const consulta = this.state().tracking;
    const numero = this.state().numero;
    const fetched = consulta.estado === 'ok' ? consulta.valor : undefined;
    return newerTracking(fetched, numero ? this.live.latest().get(numero) : undefined) ?? null;
  });
  readonly trackingNoDisponible = computed(() => this.state().tracking.estado === 'error');
  readonly noEncontrado = computed(
    () => this.state().tracking.estado === 'no-encontrado' && this.state().pedido.estado === 'no-encontrado',
  );
  /** Error of the order request when it matters: nothing else could be shown. */
  readonly error = computed(() => {
    const { tracking, pedido } = this.state();
    return pedido.estado === 'error' && tracking.estado !== 'ok' ? pedido.error : null;
  });
  readonly staleness = computed(() => {
    const pedido = this.pedido();
    if (!pedido) {
      return null;
    }
    const fuente: TrackingFuente = this.trackingNoDisponible()
      ? 'no-disponible'
      : this.state().tracking.estado === 'cargando'
        ? 'cargando'
        : 'disponible';
    return compareTracking(pedido, this.tracking() ?? undefined, fuente);
  });

  constructor() {
    effect(() => {
      const tracking = this.tracking();
      untracked(() => this.refetchIfOutdated(tracking));
    });
    effect(() => {
      const staleness = this.staleness();
      untracked(() => this.updateRecheck(staleness));
    });
    inject(DestroyRef).onDestroy(() => {
      this.trackingRequest?.unsubscribe();
      this.subscriptions.unsubscribe();
    });
  }

  lookup(numero: string): void {
    this.refetchedVersion = null;
    this.recheck.stop();
    this.state.set({ numero, tracking: { estado: 'cargando' }, pedido: { estado: 'cargando' } });
    this.readTracking();
    this.fetchPedido(numero);
  }

  /**
   * Reads the tracking entry of the number looked up, replacing any read in flight. A read that
   * does not complete within {@link TRACKING_READ_TIMEOUT_MS} counts as the service being down.
   */
  private readTracking(): void {
    const numero = this.state().numero;
    if (numero === null) {
      return;
    }
    this.trackingRequest?.unsubscribe();
    const done = () => {
      this.trackingRequest = null;
      this.updateRecheck(this.staleness());
    };
    const request = this.trackingApi.get(numero).pipe(timeout(TRACKING_READ_TIMEOUT_MS));
    this.trackingRequest = request.subscribe({
      next: (valor) => this.setTracking(numero, { estado: 'ok', valor }),
      error: (error: unknown) => {
        this.setTracking(
          numero,
          isNotFound(error) ? { estado: 'no-encontrado' } : { estado: 'error', error: toApiError(error) },
        );
        done();
      },
      complete: done,
    });
  }

  /** Schedules another read while the entry lags behind the order, and stops once it does not. */
  private updateRecheck(staleness: Staleness | null): void {
    if (staleness === null || !needsRecheck(staleness)) {
      this.recheck.stop();
    } else if (this.trackingRequest === null || this.trackingRequest.closed) {
      this.recheck.schedule();
    }
  }

  private fetchPedido(numero: string): void {
    this.subscriptions.add(
      this.pedidosApi.get(numero).subscribe({
        next: (valor) => this.setPedido(numero, { estado: 'ok', valor }),
        error: (error: unknown) =>
          this.setPedido(
            numero,
            isNotFound(error) ? { estado: 'no-encontrado' } : { estado: 'error', error: toApiError(error) },
          ),
      }),
    );
  }

  private setTracking(numero: string, tracking: Consulta<Tracking>): void {
    this.state.update((s) => (s.numero === numero ? { ...s, tracking } : s));
  }

  private setPedido(numero: string, pedido: Consulta<Pedido>): void {
    this.state.update((s) => (s.numero === numero ? { ...s, pedido } : s));
  }

  private refetchIfOutdated(tracking: Tracking | null): void {
    const pedido = this.pedido();
    if (!tracking || !pedido || tracking.version <= pedido.version || this.refetchedVersion === tracking.version) {
      return;
    }
    this.refetchedVersion = tracking.version;
    this.fetchPedido(pedido.numero);
  }
}
