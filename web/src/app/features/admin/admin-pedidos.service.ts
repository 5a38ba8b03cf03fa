import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subscription, finalize, tap } from 'rxjs';

import { Estado, Pedido } from '../../core/api/models';
import { PedidosApi } from '../../core/api/pedidos-api';
import { ApiError, toApiError } from '../../core/errors/api-error';
import { TrackedPedidos } from '../../core/tracking/tracked-pedidos';

interface AdminPedidosState {
  estado: Estado | null;
  clienteId: string | null;
  page: number;
  size: number;
  total: number;
  cargando: boolean;
  error: ApiError | null;
  /** Orders with a state change in flight, whose buttons stay disabled meanwhile. */
  cambiando: ReadonlySet<string>;
}

/** Every order, filtered by state and customer, with tracking staleness and state changes. */
@Injectable()
export class AdminPedidosService {
  private readonly api = inject(PedidosApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly pedidos = new TrackedPedidos();
  private request: Subscription | null = null;

  private readonly state = signal<AdminPedidosState>({
    estado: null,
    clienteId: null,
    page: 1,
    size: 20,
    total: 0,
    cargando: false,
    error: null,
    cambiando: new Set(),
  });

  readonly filas = this.pedidos.filas;
  readonly trackingNoDisponible = this.pedidos.trackingNoDisponible;
  readonly estado = computed(() => this.state().estado);
  readonly page = computed(() => this.state().page);
  readonly size = computed(() => this.state().size);
  readonly total = computed(() => this.state().total);
  readonly cargando = computed(() => this.state().cargando);
  readonly error = computed(() => this.state().error);
  readonly cambiando = computed(() => this.state().cambiando);

  load(): void {
    const { estado, clienteId, page, size } = this.state();
    this.state.update((s) => ({ ...s, cargando: true, error: null }));
    this.request?.unsubscribe();
    this.request = this.api
      .list({ estado, cliente_id: clienteId, page, size })
      .pipe(
        takeUntilDestroyed(this.destroyRef),
        finalize(() => this.state.update((s) => ({ ...s, cargando: false }))),
      )
      .subscribe({
        next: (pagina) => {
          this.pedidos.set(pagina.items);
          this.state.update((s) => ({ ...s, total: pagina.total }));
        },
        error: (error: unknown) => this.state.update((s) => ({ ...s, error: toApiError(error) })),
      });
  }

  /** Applies new filters from the first page. */
  filter(estado: Estado | null, clienteId: string | null): void {
    this.state.update((s) => ({ ...s, estado, clienteId, page: 1 }));
    this.load();
  }

  changePage(page: number, size: number): void {
    this.state.update((s) => ({ ...s, page, size }));
    this.load();
  }

  changeEstado(numero: string, estado: Estado): Observable<Pedido> {
    this.markChanging(numero, true);
    return this.api.changeEstado(numero, estado).pipe(
      tap((pedido) => this.pedidos.replace(pedido)),
      finalize(() => this.markChanging(numero, false)),
    );
  }

  private markChanging(numero: string, changing: boolean): void {
    this.state.update((s) => {
      const cambiando = new Set(s.cambiando);
      if (changing) {
        cambiando.add(numero);
      } else {
        cambiando.delete(numero);
      }
      return { ...s, cambiando };
    });
  }
}
