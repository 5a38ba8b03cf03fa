import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/** A highlighted line of information or warning above a view's content. */
@Component({
  selector: 'app-notice',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="notice" [class.warning]="tipo() === 'aviso'" role="status">
      <mat-icon aria-hidden="true">{{ tipo() === 'aviso' ? 'warning_amber' : 'info' }}</mat-icon>
      <span><ng-content /></span>
    </div>
  `,
  styles: `
    .notice {
      display: flex;
      gap: 8px;
      align-items: center;
      padding: 10px 16px;
      margin: 8px 0;
      border-radius: 8px;
      background: #e8f0fe;
      color: #174ea6;
    }
    .warning {
      background: #fff4e5;
      color: #663c00;
    }
  `,
})
export class Notice {
  readonly tipo = input<'info' | 'aviso'>('info');
}
