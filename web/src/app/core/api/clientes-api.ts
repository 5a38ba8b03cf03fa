import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

import { CambiosCliente, Cliente, NuevoCliente, Pagina } from './models';
import { toParams } from './params';

export interface FiltroClientes {
  q?: string | null;
  activo?: boolean | null;
  page?: number;
  size?: number;
}

const BASE = '/api/clientes';

/** HTTP calls to cliente-service. */
@Injectable({ providedIn: 'root' })
export class ClientesApi {
  private readonly http = inject(HttpClient);

  register(cliente: NuevoCliente): Observable<Cliente> {
    return this.http.post<Cliente>(`${BASE}/registro`, cliente);
  }

  me(): Observable<Cliente> {
    return this.http.get<Cliente>(`${BASE}/me`);
  }

  updateMe(cambios: CambiosCliente): Observable<Cliente> {
    return this.http.put<Cliente>(`${BASE}/me`, cambios);
  }

  list(filtro: FiltroClientes): Observable<Pagina<Cliente>> {
    return this.http.get<Pagina<Cliente>>(BASE, { params: toParams({ ...filtro }) });
  }

  get(id: string): Observable<Cliente> {
    return this.http.get<Cliente>(`${BASE}/${encodeURIComponent(id)}`);
  }

  create(cliente: NuevoCliente): Observable<Cliente> {
    return this.http.post<Cliente>(BASE, cliente);
  }

  update(id: string, cambios: CambiosCliente): Observable<Cliente> {
    return this.http.put<Cliente>(`${BASE}/${encodeURIComponent(id)}`, cambios);
  }

  deactivate(id: string): Observable<unknown> {
    return this.http.delete(`${BASE}/${encodeURIComponent(id)}`);
  }
}
