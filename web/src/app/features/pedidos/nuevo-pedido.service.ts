import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, finalize, map } from 'rxjs';

import { ClientesApi } from '../../core/api/clientes-api';
import { NuevoPedido, Pedido } from '../../core/api/models';
import { PedidosApi } from '../../core/api/pedidos-api';

/** Creates orders and finds the customer's own address to prefill the form. */
@Injectable()
export class NuevoPedidoService {
  private readonly pedidosApi = inject(PedidosApi);
  private readonly clientesApi = inject(ClientesApi);

  private readonly state = signal({ cargandoDireccion: false, enviando: false });
  readonly cargandoDireccion = computed(() => this.state().cargandoDireccion);
  readonly enviando = computed(() => this.state().enviando);

  loadOwnDireccion(): Observable<string> {
    this.state.update((s) => ({ ...s, cargandoDireccion: true }));
    return this.clientesApi.me().pipe(
      map((cliente) => cliente.direccion),
      finalize(() => this.state.update((s) => ({ ...s, cargandoDireccion: false }))),
    );
  }

  create(pedido: NuevoPedido): Observable<Pedido> {
    this.state.update((s) => ({ ...s, enviando: true }));
    return this.pedidosApi.create(pedido).pipe(finalize(() => this.state.update((s) => ({ ...s, enviando: false }))));
  }
}
