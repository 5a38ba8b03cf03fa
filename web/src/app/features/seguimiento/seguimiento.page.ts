import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';

import { controlErrorText } from '../../core/errors/api-error';
import { Notice } from '../../shared/notice';
import { ProblemMessage } from '../../shared/problem-message';
import { StalenessBadge } from '../../shared/staleness/staleness-badge';
import { StatusChip } from '../../shared/status-chip';
import { SeguimientoService } from './seguimiento.service';

/**
 * Trims and upper-cases a typed order number.
 * NOTE: assumes numbers are upper case, as the `PED-` plus base32 format produces (PED-7K2M9Q4XZT).
 */
export function normalizeNumero(value: string): string {
  return value.trim().toUpperCase();
}

@Component({
  selector: 'app-seguimiento-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    StatusChip,
    StalenessBadge,
    Notice,
    ProblemMessage,
  ],
  providers: [SeguimientoService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './seguimiento.page.html',
  styleUrl: './seguimiento.page.scss',
})
export class SeguimientoPage {
  protected readonly service = inject(SeguimientoService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Number to look up, from the `numero` query parameter so results can be bookmarked. */
  readonly numero = input<string | undefined>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    numero: ['', [Validators.required, Validators.maxLength(64)]],
  });
  protected readonly errorText = controlErrorText;
  /** State to show: the tracking entry when there is one, else the order's own. */
  protected readonly estado = computed(() => this.service.tracking()?.estado ?? this.service.pedido()?.estado ?? null);

  constructor() {
    effect(() => {
      const numero = normalizeNumero(this.numero() ?? '');
      untracked(() => {
        if (numero) {
          this.form.setValue({ numero });
          this.service.lookup(numero);
        }
      });
    });
  }

  protected submit(): void {
    const numero = normalizeNumero(this.form.getRawValue().numero);
    if (!numero) {
      this.form.markAllAsTouched();
      return;
    }
    if (numero === this.service.numero()) {
      this.service.lookup(numero);
      return;
    }
    void this.router.navigate([], { relativeTo: this.route, queryParams: { numero } });
  }
}
