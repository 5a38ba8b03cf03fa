import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';

import { Notice } from '../../../shared/notice';
import { PedidosTable } from '../../../shared/pedidos-table';
import { ProblemMessage } from '../../../shared/problem-message';
import { MisPedidosService } from '../mis-pedidos.service';

@Component({
  selector: 'app-mis-pedidos-page',
  imports: [
    RouterLink,
    MatButtonModule,
    MatIconModule,
    MatPaginatorModule,
    MatProgressBarModule,
    PedidosTable,
    ProblemMessage,
    Notice,
  ],
  providers: [MisPedidosService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <h1>Mis pedidos</h1>
      <span class="spacer"></span>
      <button mat-stroked-button type="button" (click)="service.load()" [disabled]="service.cargando()">
        <mat-icon>refresh</mat-icon> Actualizar
      </button>
      <a mat-flat-button routerLink="/pedidos/nuevo" data-testid="nuevo-pedido-link">
        <mat-icon>add</mat-icon> Nuevo pedido
      </a>
    </header>
    <p class="page-intro">Pedidos en curso: ni entregados ni cancelados.</p>

    @if (service.cargando()) {
      <mat-progress-bar mode="indeterminate" aria-label="Cargando pedidos" />
    }
    <app-problem-message [problem]="service.error()" />
    @if (service.trackingNoDisponible()) {
      <app-notice tipo="aviso" data-testid="tracking-unavailable"
        >El servicio de seguimiento no está disponible.</app-notice
      >
    }

    @if (service.filas().length) {
      <app-pedidos-table [filas]="service.filas()" />
      @if (service.total() > service.size()) {
        <mat-paginator
          [length]="service.total()"
          [pageIndex]="service.page() - 1"
          [pageSize]="service.size()"
          [pageSizeOptions]="[10, 20, 50, 100]"
          (page)="changePage($event)"
        />
      }
    } @else if (!service.cargando() && !service.error()) {
      <p class="empty" data-testid="pedidos-empty">No tienes pedidos activos.</p>
    }
  `,
})
export class MisPedidosPage implements OnInit {
  protected readonly service = inject(MisPedidosService);

  ngOnInit(): void {
    this.service.load();
  }

  protected changePage(event: PageEvent): void {
    this.service.load(event.pageIndex + 1, event.pageSize);
  }
}
