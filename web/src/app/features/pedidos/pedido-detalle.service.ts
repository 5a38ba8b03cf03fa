import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subscription, finalize, tap, throwError } from 'rxjs';

import { Estado, HistorialEntrada, Pedido } from '../../core/api/models';
import { PedidosApi } from '../../core/api/pedidos-api';
import { ApiError, toApiError } from '../../core/errors/api-error';
import { TrackedPedidos } from '../../core/tracking/tracked-pedidos';

interface DetalleState {
  cargando: boolean;
  error: ApiError | null;
  historial: HistorialEntrada[];
  historialCargando: boolean;
  historialError: ApiError | null;
  guardando: boolean;
}

const INITIAL: DetalleState = {
  cargando: false,
  error: null,
  historial: [],
  historialCargando: false,
  historialError: null,
  guardando: false,
};

/** One order with its tracking staleness and status history. Changes to the order go through this service. */
@Injectable()
export class PedidoDetalleService {
  private readonly api = inject(PedidosApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly tracked = new TrackedPedidos();
  private pedidoRequest: Subscription | null = null;
  private historialRequest: Subscription | null = null;

  private readonly state = signal<DetalleState>(INITIAL);

  readonly fila = computed(() => this.tracked.filas()[0] ?? null);
  readonly pedido = computed(() => this.fila()?.pedido ?? null);
  readonly trackingNoDisponible = this.tracked.trackingNoDisponible;
  readonly cargando = computed(() => this.state().cargando);
  readonly error = computed(() => this.state().error);
  readonly historial = computed(() => this.state().historial);
  readonly historialCargando = computed(() => this.state().historialCargando);
  readonly historialError = computed(() => this.state().historialError);
  readonly guardando = computed(() => this.state().guardando);

  constructor() {
    // A live event made the order newer: its history has a new entry too.
    this.tracked.onRefetched = (pedido) => this.loadHistorial(pedido.numero);
  }

  load(numero: string): void {
    this.state.update((s) => ({ ...s, cargando: true, error: null }));
    this.pedidoRequest?.unsubscribe();
    this.pedidoRequest = this.api
      .get(numero)
      .pipe(
        takeUntilDestroyed(this.destroyRef),
        finalize(() => this.state.update((s) => ({ ...s, cargando: false }))),
      )
      .subscribe({
        next: (pedido) => this.tracked.set([pedido]),
        error: (error: unknown) => {
          this.tracked.set([]);
          const message = 'No existe ningún pedido con ese número, o no tienes acceso a él.';
          this.state.update((s) => ({ ...s, error: toApiError(error, { 404: message }) }));
        },
      });
    this.loadHistorial(numero);
  }

  loadHistorial(numero: string): void {
    this.state.update((s) => ({ ...s, historialCargando: true, historialError: null }));
    this.historialRequest?.unsubscribe();
    this.historialRequest = this.api
      .historial(numero)
      .pipe(
        takeUntilDestroyed(this.destroyRef),
        finalize(() => this.state.update((s) => ({ ...s, historialCargando: false }))),
      )
      .subscribe({
        next: (historial) => this.state.update((s) => ({ ...s, historial })),
        error: (error: unknown) => this.state.update((s) => ({ ...s, historialError: toApiError(error) })),
      });
  }

  /**
   * Sends the new address with the version the edit started from, so the API rejects it with 409
   * when the order changed meanwhile, also when a live update already shows that change.
   */
  updateDireccion(direccion: string, version: number): Observable<Pedido> {
    return this.change((pedido) => this.api.update(pedido.numero, { direccion_entrega: direccion, version }));
  }

  /** Fetches the order again and shows it with its history, for example after a 409. */
  refresh(): Observable<Pedido> {
    const pedido = this.pedido();
    if (!pedido) {
      return throwError(() => new Error('No order is loaded'));
    }
    return this.api.get(pedido.numero).pipe(
      tap((fresh) => {
        this.tracked.replace(fresh);
        this.loadHistorial(fresh.numero);
      }),
    );
  }

  cancel(): Observable<Pedido> {
    return this.change((pedido) => this.api.cancel(pedido.numero));
  }

  changeEstado(estado: Estado): Observable<Pedido> {
    return this.change((pedido) => this.api.changeEstado(pedido.numero, estado));
  }

  private change(request: (pedido: Pedido) => Observable<Pedido>): Observable<Pedido> {
    const pedido = this.pedido();
    if (!pedido) {
      return throwError(() => new Error('No order is loaded'));
    }
    this.state.update((s) => ({ ...s, guardando: true }));
    return request(pedido).pipe(
      tap((updated) => {
        this.tracked.replace(updated);
        this.loadHistorial(updated.numero);
      }),
      finalize(() => this.state.update((s) => ({ ...s, guardando: false }))),
    );
  }
}
