import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-not-found-page',
  imports: [RouterLink, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Página no encontrada</h1>
    <p>La dirección que has abierto no existe.</p>
    <a mat-flat-button routerLink="/">Ir al inicio</a>
  `,
})
export class NotFoundPage {}
