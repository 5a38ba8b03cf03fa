import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { CambiosPedido, Estado, EstadoSincronizacion, HistorialEntrada, NuevoPedido, Pagina, Pedido } from './models';
import { toParams } from './params';

export interface FiltroPedidos {
  estado?: Estado | null;
  activos?: boolean;
  cliente_id?: string | null;
  page?: number;
  size?: number;
}

const BASE = '/api/pedidos';

function pedidoUrl(numero: string): string {
  return `${BASE}/${encodeURIComponent(numero)}`;
}

/** HTTP calls to pedido-service. */
@Injectable({ providedIn: 'root' })
export class PedidosApi {
  private readonly http = inject(HttpClient);

  list(filtro: FiltroPedidos): Observable<Pagina<Pedido>> {
    return this.http.get<Pagina<Pedido>>(BASE, { params: toParams({ ...filtro }) });
  }

  get(numero: string): Observable<Pedido> {
    return this.http.get<Pedido>(pedidoUrl(numero));
  }

  create(pedido: NuevoPedido): Observable<Pedido> {
    return this.http.post<Pedido>(BASE, pedido);
  }

  update(numero: string, cambios: CambiosPedido): Observable<Pedido> {
    return this.http.patch<Pedido>(pedidoUrl(numero), cambios);
  }

  changeEstado(numero: string, estado: Estado): Observable<Pedido> {
    return this.http.put<Pedido>(`${pedidoUrl(numero)}/estado`, { estado });
  }

  cancel(numero: string): Observable<Pedido> {
    return this.http.post<Pedido>(`${pedidoUrl(numero)}/cancelar`, {});
  }

  historial(numero: string): Observable<HistorialEntrada[]> {
    return this.http.get<HistorialEntrada[]>(`${pedidoUrl(numero)}/historial`);
  }

  sincronizacion(): Observable<EstadoSincronizacion> {
    return this.http.get<EstadoSincronizacion>(`${BASE}/sincronizacion`);
  }

  /** Re-enqueues every order so tracking-service rebuilds its Redis data (202 Accepted). */
  rebuildTracking(): Observable<unknown> {
    return this.http.post(`${BASE}/sincronizacion/reconstruir`, {});
  }
}
